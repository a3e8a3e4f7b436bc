package dev.ecsguard.secrets;

import java.util.ArrayList;
import java.util.List;

/** Splits a variable, option or header name into lower-case tokens: {@code DB_PASSWORD}, {@code apiKey}. */
final class NameTokens {

  private NameTokens() {}

  /**
   * Lower-case tokens of a name split on anything but letters and digits ({@code _ - . /}) and at camelCase
   * boundaries: {@code apiKey} is api, key; {@code APIKey} is api, key; {@code oauth2ClientSecret} is oauth2,
   * client, secret.
   */
  static List<String> tokens(String name) {
    List<String> tokens = new ArrayList<>(4);
    StringBuilder current = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(current, tokens);
        continue;
      }
      if (current.length() > 0 && Character.isUpperCase(c)) {
        char previous = name.charAt(i - 1);
        boolean lowerToUpper = Character.isLowerCase(previous) || Character.isDigit(previous);
        boolean acronymEnd = Character.isUpperCase(previous) && i + 1 < name.length()
            && Character.isLowerCase(name.charAt(i + 1));
        if (lowerToUpper || acronymEnd) {
          flush(current, tokens);
        }
      }
      current.append(Character.toLowerCase(c));
    }
    flush(current, tokens);
    return tokens;
  }

  private static void flush(StringBuilder current, List<String> tokens) {
    if (current.length() > 0) {
      tokens.add(current.toString());
      current.setLength(0);
    }
  }
}
