package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ports that bench/secrets/measure.sh scores beside ecs-guard behave as their tools do on the cases their own
 * test suites and documentation show: a rule's format, entropy and allowlists for gitleaks, the keyword regex and the
 * default filters for detect-secrets. Values are fake.
 */
class PeerPortsTest {

  private static GitleaksRules gitleaks;

  @BeforeAll
  static void load() {
    gitleaks = GitleaksRules.load(Path.of("bench/secrets/gitleaks.toml"));
  }

  @Test
  void everyGitleaksRuleWithARegexIsLoaded() {
    assertTrue(gitleaks.size() >= 200, "rules: " + gitleaks.size());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "GITHUB_TOKEN=ghp_CANARY9f2cdonotprint0123456789abcdef | github-pat",
      "UPLOADER=AKIACANARY234567ABCD | aws-access-token",
      "PAYMENTS=sk_live_CANARY9f2cdonotprint0123 | stripe-access-token",
      // generic-api-key: a keyword in the name, a value of enough entropy
      "PARTNER_API_KEY=Qm9vdHN0cmFwx7Kp2Lz9Wv4R | generic-api-key",
  })
  void gitleaksFindsWhatItsRulesDescribe(String line, String rule) {
    assertTrue(gitleaks.find("row.env", line + "\n").contains(rule), line);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // AWS documentation keys are allowlisted; a low-entropy value fails generic-api-key's threshold
      "AWS_KEY=AKIAIOSFODNN7EXAMPLE",
      "API_KEY=aaaaaaaaaaaaaaaa",
      // a stopword of generic-api-key ("admin") in the secret
      "API_KEY=admin-console-2024",
      "LOG_LEVEL=INFO",
  })
  void gitleaksAllowsWhatItsAllowlistsAllow(String line) {
    assertEquals(Set.of(), gitleaks.find("row.env", line + "\n"), line);
  }

  @Test
  void gitleaksRegexesAreReadAsGoReadsThem() {
    assertTrue(GitleaksRules.compile("\\$?{{[^}]+}}").matcher("${{secrets.X}}").matches(), "a brace that repeats nothing");
    assertTrue(GitleaksRules.compile("a{2}").matcher("aa").matches());
    assertTrue(GitleaksRules.compile("(?P<key_ops>x)[[:alnum:]]").matcher("x9").matches());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "DB_PASSWORD=CANARY-hunter2", "S3SECRETACCESSKEY=CANARYwJalrXUtnFEMI", "api_key: CANARYx7Kp2Lz9",
      "x.apiKey = \"CANARY9f2c\"",
  })
  void detectSecretsFindsDenylistedNamesWithAValue(String line) {
    assertTrue(DetectSecretsKeywords.finds(line), line);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // not on the denylist: token, credential
      "GITHUB_TOKEN=CANARY9f2cdonotprint", "GOOGLE_CREDENTIALS=CANARY9f2c",
      // the default filters: templates, $-references, UUIDs, sequences, no letter, *_id names, indirect references
      "DB_PASSWORD=${DB_PASSWORD}", "DB_PASSWORD=$DB_PASSWORD", "DB_PASSWORD=3f1c2a9e-7b4d-4c1e-9a2f-0d8e6b5c4a31",
      "DB_PASSWORD=ABCDEFGH", "DB_PASSWORD=12345678", "DB_PASSWORD=********", "secret_id=CANARY9f2c",
      "password = get_secret(db)",
  })
  void detectSecretsSkipsWhatItsFiltersSkip(String line) {
    assertFalse(DetectSecretsKeywords.finds(line), line);
  }
}
