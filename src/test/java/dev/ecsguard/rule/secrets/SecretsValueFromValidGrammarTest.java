package dev.ecsguard.rule.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ARN grammar of {@link SecretsValueFromValid} is checked by loops (it runs on every secret reference of
 * every evaluation); these are the regexes the loops stand for, and the loops must agree with them on every text.
 */
class SecretsValueFromValidGrammarTest {

  private static final Pattern PARTITION = Pattern.compile("aws(?:-[a-z]+)*");
  private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,600}");
  private static final Pattern PARAMETER_RESOURCE =
      Pattern.compile("parameter/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*(?::[A-Za-z0-9_.-]{1,100})?");

  private static final List<String> SEEDS = List.of(
      "aws", "aws-cn", "aws-us-gov", "aws-", "aws--cn", "awss", "aw", "-aws", "aws-CN", "aws-c1",
      "us-east-1", "us-gov-west-1", "ap-southeast-10", "eu-west-100", "u-east-1", "useast-east-1", "us-1",
      "us-east-", "us--east-1", "us-east-1a", "US-east-1", "us-east-x",
      "123456789012", "12345678901", "1234567890123", "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢",
      "db", "payments/db-AbCdEf", "a b", "", "x".repeat(600), "x".repeat(601), "ü",
      "parameter/x", "parameter//x", "parameter/a/b:1", "parameter/a/:1", "parameter/a:", "parameter/a:b:c",
      "parameter/a/b/", "parameter/" + "v".repeat(5) + ":" + "1".repeat(100), "parameter/a:" + "1".repeat(101),
      "parameter", "parameter/a/b:x/y", "parameterx/a");

  private static final String ALPHABET = "aws-cnusget0129:/_.+=@ Ab";

  @Test
  void loopsAgreeWithTheRegexesOnSeedsAndRandomTexts() {
    Random random = new Random(42);
    for (String seed : SEEDS) {
      check(seed);
    }
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      if (random.nextInt(4) == 0) {
        text.append(SEEDS.get(random.nextInt(SEEDS.size())));
      }
      int length = random.nextInt(16);
      for (int i = 0; i < length; i++) {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      check(text.toString());
      check("parameter/" + text);
    }
  }

  private static void check(String text) {
    String framed = "::" + text + "::";
    int from = 2;
    int to = 2 + text.length();
    assertEquals(PARTITION.matcher(text).matches(), SecretsValueFromValid.isPartition(framed, from, to), text);
    assertEquals(REGION.matcher(text).matches(), SecretsValueFromValid.isRegion(framed, from, to), text);
    assertEquals(ACCOUNT.matcher(text).matches(), SecretsValueFromValid.isAccount(framed, from, to), text);
    assertEquals(SECRET_NAME.matcher(text).matches(), SecretsValueFromValid.isSecretName(text), text);
    assertEquals(PARAMETER_RESOURCE.matcher(text).matches(), SecretsValueFromValid.isParameterResource(text), text);
  }
}
