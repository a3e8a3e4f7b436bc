package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.build.BuildInfo;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.RuleDescription;
import dev.ecsguard.testing.SarifSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lint --format sarif}: SARIF 2.1.0 that passes the official schema and carries what GitHub code scanning
 * reads (rules with help and security-severity, results with file, line, resource and a stable fingerprint), with
 * lint's exit codes and never a value from the definition.
 */
class LintSarifTest {

  private static final Path LEGACY = Path.of("examples", "legacy-worker.json");
  private static final Map<String, double[]> GITHUB_BANDS = Map.of(
      "CRITICAL", new double[] {9.0, 10.0}, "HIGH", new double[] {7.0, 8.9}, "MEDIUM", new double[] {4.0, 6.9},
      "LOW", new double[] {0.1, 3.9}, "INFO", new double[] {0.0, 1.0});

  @TempDir Path temp;

  @Test
  void theExamplesGiveValidSarifWithEveryRuleAndFailAsLintDoes() throws Exception {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "sarif", "examples/batch-report.json",
        "examples/legacy-worker.json", "examples/payments-api.json");

    assertEquals(1, result.exitCode(), result.stderr());
    assertEquals(List.of(), SarifSchema.errors(result.stdout()));
    JsonNode run = Json.MAPPER.readTree(result.stdout()).path("runs").get(0);
    JsonNode driver = run.path("tool").path("driver");
    assertEquals("ecs-guard", driver.path("name").asText());
    assertEquals(BuildInfo.CURRENT.version(), driver.path("version").asText());
    assertTrue(driver.path("informationUri").asText().startsWith("https://github.com/"), driver.toString());

    List<String> catalogIds = Catalog.standard().entries().stream().map(e -> e.description().id()).toList();
    List<String> ruleIds = StreamSupport.stream(driver.path("rules").spliterator(), false)
        .map(r -> r.path("id").asText()).toList();
    assertEquals(catalogIds, ruleIds, "every catalog rule, in the catalog's order");
    for (JsonNode rule : driver.path("rules")) {
      assertRuleDescribed(rule);
    }

    JsonNode results = run.path("results");
    assertTrue(results.size() > 20, results.toString());
    for (JsonNode finding : results) {
      assertEquals(finding.path("ruleId").asText(), ruleIds.get(finding.path("ruleIndex").asInt()), "ruleIndex");
      assertFalse(finding.path("message").path("text").asText().isBlank());
      assertEquals(1, finding.path("partialFingerprints").size(), finding.toString());
      JsonNode location = finding.path("locations").get(0);
      assertTrue(location.path("physicalLocation").path("artifactLocation").path("uri").asText()
          .matches("examples/[a-z-]+\\.json"), location.toString());
      assertTrue(location.path("physicalLocation").path("region").path("startLine").asInt() > 0, location.toString());
      assertFalse(location.path("logicalLocations").get(0).path("name").asText().isBlank());
    }
  }

  @Test
  void aFindingPointsAtTheLineOfItsField() throws Exception {
    JsonNode privileged = results(InProcessCli.run("lint", "--format", "sarif", LEGACY.toString()).stdout()).stream()
        .filter(r -> r.path("ruleId").asText().equals("disallow-privileged")).findFirst().orElseThrow();

    JsonNode location = privileged.path("locations").get(0);
    assertEquals("examples/legacy-worker.json",
        location.path("physicalLocation").path("artifactLocation").path("uri").asText());
    assertEquals(lineOf(LEGACY, "\"privileged\": true"),
        location.path("physicalLocation").path("region").path("startLine").asInt());
    assertEquals("legacy-worker:3", location.path("logicalLocations").get(0).path("name").asText());
    assertEquals("error", privileged.path("level").asText());
  }

  @Test
  void describeOutputIsPlacedInsideItsTaskDefinition() throws Exception {
    String definition = Files.readString(LEGACY);
    Path described = Files.writeString(temp.resolve("described.json"),
        "{\n  \"tags\": [],\n  \"taskDefinition\": " + definition.strip().replace("\n", "\n  ") + "\n}\n");

    JsonNode privileged = results(InProcessCli.run("lint", "--format", "sarif", described.toString()).stdout())
        .stream().filter(r -> r.path("ruleId").asText().equals("disallow-privileged")).findFirst().orElseThrow();

    assertEquals(lineOf(described, "\"privileged\": true"), privileged.path("locations").get(0)
        .path("physicalLocation").path("region").path("startLine").asInt());
  }

  @Test
  void fingerprintsAreStableAcrossRunsAndDistinctPerFinding() throws Exception {
    List<String> first = fingerprints(InProcessCli.run("lint", "--format", "sarif", LEGACY.toString()).stdout());
    List<String> second = fingerprints(InProcessCli.run("lint", "--format", "sarif", LEGACY.toString()).stdout());

    assertEquals(first, second);
    assertEquals(first.size(), new HashSet<>(first).size(), "one fingerprint per finding");
  }

  @Test
  void noSecretValueReachesTheSarif() throws Exception {
    String secret = "Zq8" + Long.toHexString(System.nanoTime()) + "xV2pL9rT4mK7wQ1nB6";
    Path file = Files.writeString(temp.resolve("secret.json"), """
        {"family": "billing", "containerDefinitions": [{"name": "api", "image": "nginx:1.27", "essential": true,
          "memory": 512, "environment": [{"name": "DB_PASSWORD", "value": "%s"}]}]}
        """.formatted(secret));

    InProcessCli.Result result = InProcessCli.run("lint", "--format", "sarif", "--fail-on", "none", file.toString(),
        LEGACY.toString());

    assertEquals(0, result.exitCode(), "--fail-on none: findings never fail");
    assertEquals(List.of(), SarifSchema.errors(result.stdout()));
    assertTrue(results(result.stdout()).stream().anyMatch(r -> r.path("ruleId").asText().equals("no-secret-env-names")
        && r.path("message").path("text").asText().contains("DB_PASSWORD")), result.stdout());
    assertFalse(result.stdout().contains(secret), "the planted value is in the SARIF");
    assertFalse(result.stdout().contains("CANARY"), "a canary of the example is in the SARIF");
  }

  @Test
  void anExemptedFindingIsASuppressedResult() throws Exception {
    Path policy = Files.writeString(temp.resolve("policy.yaml"), "exemptions:\n  - families: [legacy-worker]\n"
        + "    rules: [disallow-privileged]\n    reason: SEC-42 proxy rewrite\n    expires: 2099-12-31\n");

    JsonNode privileged = results(InProcessCli.run("lint", "--format", "sarif", "--policy", policy.toString(),
        LEGACY.toString()).stdout()).stream()
        .filter(r -> r.path("ruleId").asText().equals("disallow-privileged")).findFirst().orElseThrow();

    JsonNode suppression = privileged.path("suppressions").get(0);
    assertEquals("external", suppression.path("kind").asText());
    assertTrue(suppression.path("justification").asText().contains("SEC-42"), suppression.toString());
  }

  @Test
  void standardInputHasNoFileToPointToButIsStillValid() throws Exception {
    InProcessCli.Result result = InProcessCli.run(new ByteArrayInputStream(Files.readAllBytes(LEGACY)),
        "lint", "--format", "sarif", "-");

    assertEquals(1, result.exitCode());
    assertEquals(List.of(), SarifSchema.errors(result.stdout()));
    JsonNode location = results(result.stdout()).get(0).path("locations").get(0);
    assertTrue(location.path("physicalLocation").isMissingNode(), location.toString());
    assertEquals("legacy-worker:3", location.path("logicalLocations").get(0).path("name").asText());
  }

  @Test
  void theSchemaCheckRejectsWhatGitHubWouldReject() throws Exception {
    String sarif = InProcessCli.run("lint", "--format", "sarif", LEGACY.toString()).stdout();

    assertFalse(SarifSchema.errors(sarif.replace("\"level\" : \"error\"", "\"level\" : \"fatal\"")).isEmpty());
    assertFalse(SarifSchema.errors(sarif.replace("\"version\" : \"2.1.0\"", "\"version\" : \"2.0.0\"")).isEmpty());
    assertFalse(SarifSchema.errors(sarif.replace("\"startLine\" : ", "\"startLine\" : -")).isEmpty());
  }

  @Test
  void invisibleCharactersOfANameAreEscaped() throws Exception {
    Path file = Files.writeString(temp.resolve("hostile.json"), """
        {"family": "web", "containerDefinitions": [{"name": "a\\u0007b\\u202ec", "image": "nginx:1.27",
          "essential": true, "memory": 512, "privileged": true}]}
        """);

    String sarif = InProcessCli.run("lint", "--format", "sarif", file.toString()).stdout();

    assertEquals(List.of(), SarifSchema.errors(sarif));
    assertFalse(sarif.contains("\u202e") || sarif.contains("\u0007"), "a raw invisible character");
    assertTrue(sarif.contains("a\\u0007b\\u202Ec"), sarif);
  }

  @Test
  void textOnlyOptionsAreRefusedWithSarif() {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "sarif", "--quiet", LEGACY.toString());

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: --quiet, --verbose and --explain shape the text output; --format sarif always "
        + "writes every finding"), result.stderrLines());
  }

  private static void assertRuleDescribed(JsonNode rule) {
    String id = rule.path("id").asText();
    RuleDescription description = Catalog.standard().byId(id).orElseThrow().description();
    assertEquals(description.title(), rule.path("shortDescription").path("text").asText());
    assertEquals(description.rationale(), rule.path("fullDescription").path("text").asText());
    assertTrue(rule.path("help").path("text").asText().contains(description.remediation()), id);
    assertTrue(rule.path("help").path("markdown").asText().contains("**Fix.**"), id);
    assertEquals("https://github.com/ecs-guard/ecs-guard/blob/main/docs/rules.md#" + id,
        rule.path("helpUri").asText());
    String securitySeverity = rule.path("properties").path("security-severity").asText();
    double score = Double.parseDouble(securitySeverity);
    double[] band = GITHUB_BANDS.get(description.severity().name());
    assertTrue(score >= band[0] && score <= band[1], id + ": " + securitySeverity);
    Set<String> tags = new HashSet<>();
    rule.path("properties").path("tags").forEach(t -> tags.add(t.asText()));
    assertTrue(tags.contains("security") && tags.contains(description.profile().name().toLowerCase()), id + tags);
    assertFalse(rule.path("defaultConfiguration").path("level").asText().isEmpty(), id);
  }

  private static List<JsonNode> results(String sarif) throws Exception {
    List<JsonNode> results = new ArrayList<>();
    Json.MAPPER.readTree(sarif).path("runs").get(0).path("results").forEach(results::add);
    return results;
  }

  private static List<String> fingerprints(String sarif) throws Exception {
    return results(sarif).stream().map(r -> r.path("partialFingerprints").path("ecsGuardFinding/v1").asText())
        .toList();
  }

  private static int lineOf(Path file, String text) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }
}
