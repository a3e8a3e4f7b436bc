package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector's hand-written loops agree with the regexes they stand for, on seeds and random texts. */
class SecretDetectorLoopsTest {

  @Test
  void isAbsolutePathIsTheAbsolutePathRegex() {
    List<String> seeds = List.of("/", "//", "~", "~/", "/a", "/a/", "/a//", "/a//b", "~/x/y", "~~/x", "/a b", "/é",
        "/run/secrets/db", "/ecs/legacy-worker", "/x@y.z-1_2/", "a/b", "/a/b/c//");
    for (String seed : seeds) {
      check(seed);
    }
    Random random = new Random(5);
    String alphabet = "/~a.@-_ é\n";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      check(text.toString());
    }
  }

  @Test
  void textValueAtIsTheTextValueRegex() {
    java.util.regex.Pattern regex = java.util.regex.Pattern.compile(SecretDetector.TEXT_VALUE);
    int longest = SecretDetector.LONGEST_TEXT_VALUE;
    List<String> seeds = List.of("", "x", "\"", "\"\"", "''", "'a'b", "\"a b\" c", "a b", "a;b", "a&b", "a|b", "a)b",
        "a\tb", "a\u000Bb", "a\fb", "a\rb", "a\nb", "$x", "\"unclosed", " x", "=x", "a".repeat(longest - 1),
        "a".repeat(longest), "a".repeat(longest + 1), "\"" + "a".repeat(longest) + "\"",
        "\"" + "a".repeat(longest + 1) + "\"", "'" + "a".repeat(longest) + "'x");
    for (String seed : seeds) {
      checkValue(regex, seed, 0);
    }
    Random random = new Random(31);
    String alphabet = "ab=\"' ;&|)\t\n$";
    for (int n = 0; n < 100_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      checkValue(regex, text.toString(), length == 0 ? 0 : random.nextInt(length));
    }
  }

  private static void checkValue(java.util.regex.Pattern regex, String text, int at) {
    java.util.regex.Matcher m = regex.matcher(text).region(at, text.length());
    assertEquals(m.lookingAt() ? m.group(1) : null, SecretDetector.textValueAt(text, at), () -> text + " at " + at);
  }

  @Test
  void isSmallIntegerIsTheSmallIntegerRegex() {
    Random random = new Random(29);
    String alphabet = "-0189a ١";
    for (int n = 0; n < 100_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(8);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String candidate = text.toString();
      assertEquals(SecretDetector.SMALL_INTEGER.matcher(candidate).matches(), SecretDetector.isSmallInteger(candidate),
          candidate);
    }
  }

  @Test
  void asciiTokensAreTheCharacterByCharacterTokens() {
    Random random = new Random(23);
    String alphabet = "aZ9_-./ xYAbC";
    for (String seed : List.of("apiKey", "APIKey", "DB_PASSWORD", "awsSecretAccessKey", "X-Api-Key", "HTTP_Passwd",
        "v2Token", "ABCDef", "a", "", "--", "Ab9Cd")) {
      assertEquals(SecretDetector.unicodeTokens(seed), SecretDetector.tokens(seed), seed);
    }
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(10);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertEquals(SecretDetector.unicodeTokens(text.toString()), SecretDetector.tokens(text.toString()), text.toString());
    }
  }

  @Test
  void credentialNameScreenChangesNoAnswer() {
    List<String> seeds = List.of("", " ", "QUEUE_NAME", "awslogs-group", "mode", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY",
        "aws_access_key_id", "ECS_ENGINE_AUTH_DATA", "cloudau_th", "licensek-ey", "license.Key", "x-Cloud-Auth",
        "Authorization", "SMTP_PASS", "LDAP_BIND_PW", "oldPwd", "PWD", "apiKey", "API_\u212AEY", "contrase\u00f1a",
        "Contrasena", "my-creds", "client_secret", "GITHUB_TOKEN", "p_w", "k.e.y", "t-o-k-e-n", "se cret");
    for (String seed : seeds) {
      checkScreen(seed);
    }
    // Names made of credential words, descriptors and other words, some cut in two by a separator, in mixed case.
    String[] words = {"key", "pass", "pw", "pwd", "password", "passwd", "passphrase", "secret", "token", "cred",
        "creds", "credential", "contrasena", "auth", "authorization", "license", "cloud", "access", "id", "api",
        "private", "client", "db", "data", "aws", "ecs", "engine", "queue", "name", "group", "mode", "url", "arn",
        "max", "public", "version", "type", "jwt", "session", "old", "bind", "smtp", "x", "9", "\u212A", "\u00e9",
        "openai", "dd", "new", "relic", "algolia", "search", "admin", "min", "length", "store", "board", "s3"};
    String[] separators = {"", "_", "-", ".", "/", " ", "__", ":"};
    Random random = new Random(41);
    int credentialNames = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder name = new StringBuilder();
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        if (p > 0) {
          name.append(separators[random.nextInt(separators.length)]);
        }
        String word = words[random.nextInt(words.length)];
        int cut = random.nextInt(4) == 0 ? random.nextInt(word.length() + 1) : word.length();
        String part = word.substring(0, cut) + (cut < word.length() ? separators[random.nextInt(separators.length)]
            : "") + word.substring(cut);
        name.append(switch (random.nextInt(3)) {
          case 0 -> part;
          case 1 -> part.toUpperCase(java.util.Locale.ROOT);
          default -> Character.toUpperCase(part.charAt(0)) + part.substring(1);
        });
      }
      String candidate = name.toString();
      checkScreen(candidate);
      if (SecretDetector.configKeyWithoutScreen(candidate).isPresent()) {
        credentialNames++;
      }
    }
    // The random names hold credential names too, or the comparison would prove little.
    assertTrue(credentialNames > 20_000, "credential names: " + credentialNames);
  }

  private static void checkScreen(String name) {
    assertEquals(SecretDetector.nameWithoutScreen(name), SecretDetector.name(name), name);
    assertEquals(SecretDetector.configKeyWithoutScreen(name), SecretDetector.configKey(name), name);
  }

  private static void check(String text) {
    assertEquals(SecretDetector.ABSOLUTE_PATH.matcher(text).matches(), SecretDetector.isAbsolutePath(text), text);
  }
}
