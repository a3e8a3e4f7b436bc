package dev.ecsguard.model;

import java.util.Locale;

/**
 * Whether an image runs only on Windows: Microsoft's Windows base images ({@code mcr.microsoft.com/windows/…}), .NET
 * Framework images ({@code mcr.microsoft.com/dotnet/framework/…}), and any image with a Windows base as a path
 * component ({@code microsoft/nanoserver}) or a tag part ({@code 8.0-nanoserver-1809},
 * {@code windowsservercore-ltsc2022}, {@code ltsc2019}). On EC2, such a task runs on Windows instances whether or not
 * it sets {@code runtimePlatform}. A name that only contains such a word ({@code acme/servercore-api}) is not one.
 */
final class WindowsImages {

  private WindowsImages() {}

  private static final String[] WINDOWS_REPOSITORIES = {"mcr.microsoft.com/windows/", "mcr.microsoft.com/windows:",
      "mcr.microsoft.com/dotnet/framework/"};
  private static final String[] WINDOWS_BASES = {"windowsservercore", "servercore", "nanoserver"};

  static boolean isWindows(String image) {
    // Asked per container by several rules: most images hold none of the words, and are answered without a copy.
    if (image == null || !containsIgnoreCase(image, "windows") && !containsIgnoreCase(image, "servercore")
        && !containsIgnoreCase(image, "nanoserver") && !containsIgnoreCase(image, "ltsc")) {
      return false;
    }
    String text = image.trim().toLowerCase(Locale.ROOT);
    for (String repository : WINDOWS_REPOSITORIES) {
      if (text.startsWith(repository)) {
        return true;
      }
    }
    int at = text.indexOf('@');
    String reference = at < 0 ? text : text.substring(0, at);
    int colon = reference.lastIndexOf(':');
    boolean tagged = colon > reference.lastIndexOf('/');
    String name = tagged ? reference.substring(0, colon) : reference;
    for (String component : name.split("/")) {
      for (String base : WINDOWS_BASES) {
        if (component.equals(base)) {
          return true;
        }
      }
    }
    if (tagged) {
      for (String part : reference.substring(colon + 1).split("-")) {
        if (part.startsWith("ltsc20")) {
          return true;
        }
        for (String base : WINDOWS_BASES) {
          if (part.startsWith(base)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** {@code word} in lower case; compared only where its first letter is, in either case. */
  private static boolean containsIgnoreCase(String text, String word) {
    char first = word.charAt(0);
    char firstUpper = Character.toUpperCase(first);
    for (int i = 0; i + word.length() <= text.length(); i++) {
      char c = text.charAt(i);
      if ((c == first || c == firstUpper) && text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }
}
