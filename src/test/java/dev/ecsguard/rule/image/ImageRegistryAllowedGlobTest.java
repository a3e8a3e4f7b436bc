package dev.ecsguard.rule.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageRegistryAllowed} matches its patterns by hand; these are the regexes it used to compile them to
 * ({@code *} as {@code [^.]*} in the host, as {@code .*} in the path, which also allows {@code (?:/.*)?} after it),
 * and the two must agree on every registry and repository.
 */
class ImageRegistryAllowedGlobTest {

  private static final String PATTERN_ALPHABET = "ab.*/";
  private static final String TEXT_ALPHABET = "ab./\n\u0085";

  @Test
  void handMatchingAgreesWithTheRegexes() {
    Random random = new Random(11);
    for (int n = 0; n < 100_000; n++) {
      String host = randomText(random, PATTERN_ALPHABET.replace("/", ""), 6);
      String path = random.nextBoolean() ? null : randomText(random, PATTERN_ALPHABET, 6);
      if (path != null && path.isEmpty()) {
        path = null;
      }
      ImageRegistryAllowed.Allowed allowed = new ImageRegistryAllowed.Allowed(host.split("\\*", -1),
          path == null ? null : path.split("\\*", -1));
      Pattern hostRegex = Pattern.compile(regex(host, "[^.]*"));
      Pattern pathRegex = path == null ? null : Pattern.compile(regex(path, ".*") + "(?:/.*)?");
      for (int k = 0; k < 5; k++) {
        String registry = randomText(random, TEXT_ALPHABET, 8);
        String repository = randomText(random, TEXT_ALPHABET, 8);
        ImageReference image = new ImageReference(registry, repository, null, null, null, null);
        boolean expected = hostRegex.matcher(registry).matches()
            && (pathRegex == null || pathRegex.matcher(repository).matches());
        assertEquals(expected, allowed.matches(image), () -> host + " / " + registry + " | " + repository);
      }
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static String regex(String glob, String star) {
    String[] parts = glob.split("\\*", -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      regex.append(star).append(Pattern.quote(parts[i]));
    }
    return regex.toString();
  }
}
