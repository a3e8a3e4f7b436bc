package dev.ecsguard.rule.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** {@link ImageReference} reads digests and ECR hosts by hand; the regexes it stands for must agree. */
class ImageReferenceLoopsTest {

  private static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void isDigestIsTheDigestRegex() {
    for (String seed : List.of("sha256:" + HEX, "sha256:" + HEX.substring(0, 31), "sha256:" + HEX.substring(0, 32),
        ":" + HEX, "sha256+b64u:" + HEX, "sha256++x:" + HEX, "-sha:" + HEX, "sha-:" + HEX, "SHA256:" + HEX,
        "sha256:" + HEX + ":x", "sha256:" + HEX + "=", "a.b_c-d:" + HEX.toUpperCase())) {
      checkDigest(seed);
    }
    Random random = new Random(13);
    String alphabet = "a0+._-:=A";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(8);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextBoolean()) {
        text.append(HEX, 0, 28 + random.nextInt(8));
      }
      checkDigest(text.toString());
    }
  }

  @Test
  void ecrAccountAndRegionIsTheEcrRegex() {
    List<String> hosts = List.of("111122223333.dkr.ecr.us-east-1.amazonaws.com",
        "111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn",
        "111122223333.dkr-ecr.eu-west-1.on.aws", "111122223333.dkr-ecr.eu-west-1.amazonaws.com",
        "111122223333.dkr.ecr.eu-west-1.on.aws", "11112222333.dkr.ecr.us-east-1.amazonaws.com",
        "1111222233334.dkr.ecr.us-east-1.amazonaws.com", "111122223333.dkr.ecr..amazonaws.com",
        "111122223333.dkr.ecr.us_east.amazonaws.com", "111122223333.dkr.ecr.us-east-1.amazonaws.com.cn.x",
        "111122223333.dkr.ecr.us-east-1", "111122223333.dkr.ecr-fips.x.amazonaws.com.cn", "public.ecr.aws");
    for (String host : hosts) {
      checkEcr(host);
    }
    Random random = new Random(17);
    String[] parts = {"111122223333", ".dkr", ".ecr", "-fips", "-ecr", ".", "us-east-1", "a", "-", ".amazonaws",
        ".com", ".cn", ".on", ".aws", "1"};
    for (int n = 0; n < 200_000; n++) {
      StringBuilder host = new StringBuilder(random.nextInt(3) == 0 ? "" : "111122223333");
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) {
        host.append(parts[random.nextInt(parts.length)]);
      }
      checkEcr(host.toString());
    }
  }

  private static void checkDigest(String text) {
    assertEquals(ImageReference.DIGEST.matcher(text).matches(), ImageReference.isDigest(text), text);
  }

  private static void checkEcr(String host) {
    Matcher ecr = ImageReference.ECR.matcher(host);
    String[] expected = !ecr.matches() ? null : new String[] {
        ecr.group(1) != null ? ecr.group(1) : ecr.group(3), ecr.group(2) != null ? ecr.group(2) : ecr.group(4)};
    assertArrayEquals(expected, ImageReference.ecrAccountAndRegion(host), host);
  }
}
