package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  private static void check(String text) {
    assertEquals(SecretDetector.ABSOLUTE_PATH.matcher(text).matches(), SecretDetector.isAbsolutePath(text), text);
  }
}
