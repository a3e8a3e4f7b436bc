package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --profile}: which findings count toward {@code --fail-on} ({@code lint}, offline {@code invoke}) and which
 * rules {@code rules} lists. The others are shown, labelled, and not counted; the flag overrides the policy's.
 */
class ProfileCliTest {

  /** Its only finding at HIGH is run-as-non-root, a restricted rule; the rest are MEDIUM and below. */
  private static final String ROOT_ONLY = Path.of("test", "rules", "run-as-non-root", "fail-user-numeric-zero.json").toString();

  @TempDir Path temp;

  @Test
  void lintCountsOnlyTheDefaultBaselineAndSaysWhatItLeftOut() {
    InProcessCli.Result result = InProcessCli.run("lint", ROOT_ONLY);

    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().contains("\n  HIGH [restricted] run-as-non-root: container \"web\" sets user \"0\", which is root"),
        result.stdout());
    assertTrue(result.stdout().endsWith(", 6 outside the baseline profile not counted (--profile restricted counts "
        + "them); 0 files fail at HIGH or above\n"), result.stdout());
  }

  @Test
  void lintWithTheRestrictedProfileCountsTheHardeningFindings() {
    InProcessCli.Result result = InProcessCli.run("lint", "--profile", "restricted", ROOT_ONLY);

    assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().contains("\n  HIGH     run-as-non-root: container \"web\" sets user \"0\", which is root"),
        result.stdout());
    assertFalse(result.stdout().contains("not counted"), result.stdout());
  }

  @Test
  void theFlagOverridesThePolicyFilesProfile() throws Exception {
    Path policy = Files.writeString(temp.resolve("policy.yaml"), "profile: restricted\n");

    assertEquals(1, InProcessCli.run("lint", "--policy", policy.toString(), ROOT_ONLY).exitCode());
    assertEquals(0, InProcessCli.run("lint", "--policy", policy.toString(), "--profile", "baseline", ROOT_ONLY)
        .exitCode());
  }

  @Test
  void aBadProfileIsOneLineAndExitTwo() throws Exception {
    Path policy = Files.writeString(temp.resolve("policy.yaml"), "profile: strict\n");

    InProcessCli.Result flag = InProcessCli.run("lint", "--profile", "strict", ROOT_ONLY);
    InProcessCli.Result file = InProcessCli.run("lint", "--policy", policy.toString(), ROOT_ONLY);
    InProcessCli.Result rules = InProcessCli.run("rules", "--profile", "all");

    assertEquals(2, flag.exitCode());
    assertEquals(List.of("ecs-guard: unknown profile 'strict': expected baseline or restricted"), flag.stderrLines());
    assertEquals(2, file.exitCode());
    assertEquals(List.of("ecs-guard: policy key 'profile': unknown profile 'strict': expected baseline or restricted"),
        file.stderrLines());
    assertEquals(2, rules.exitCode());
    assertEquals(List.of("ecs-guard: unknown profile 'all': expected baseline or restricted"), rules.stderrLines());
  }

  @Test
  void theJsonReportCarriesTheEnforcedProfileAndEachFindingsOwn() throws Exception {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "json", ROOT_ONLY);

    JsonNode report = Json.MAPPER.readTree(result.stdout()).get(0);
    assertEquals("baseline", report.path("profile").asText());
    for (JsonNode finding : report.path("findings")) {
      String expected = finding.path("ruleId").asText().equals("restrict-capabilities") ? "baseline" : "restricted";
      assertEquals(expected, finding.path("profile").asText(), finding.toString());
    }
  }

  /** The compliant sample event with its containers' users removed: run-as-non-root is its only HIGH finding. */
  private Path rootOnlyEvent() throws Exception {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Path.of("events", "register-task-definition.json").toFile());
    JsonNode detail = event.path("detail");
    for (JsonNode definition : List.of(detail.path("requestParameters"), detail.path("responseElements")
        .path("taskDefinition"))) {
      definition.path("containerDefinitions").forEach(container -> ((ObjectNode) container).put("user", "0"));
    }
    return Files.writeString(temp.resolve("event.json"), Json.write(event));
  }

  @Test
  void invokeOfflineCountsTheProfileItIsGiven() throws Exception {
    String event = rootOnlyEvent().toString();

    InProcessCli.Result baseline = InProcessCli.run("invoke", event);
    InProcessCli.Result restricted = InProcessCli.run("invoke", "--profile", "restricted", event);

    assertEquals(0, baseline.exitCode(), baseline.stdout() + baseline.stderr());
    assertTrue(baseline.stdout().contains("[run-as-non-root, restricted, not enforced]"), baseline.stdout());
    assertEquals(1, restricted.exitCode(), restricted.stdout() + restricted.stderr());
  }

  @Test
  void invokeWithAwsTakesTheProfileFromTheEnvironmentNotTheFlag() throws Exception {
    InProcessCli.Result result =
        InProcessCli.run("invoke", "--aws", "--profile", "restricted", rootOnlyEvent().toString());

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: --profile is for offline runs; with --aws the profile comes from "
        + "ECS_GUARD_PROFILE and the policy, exactly as in the Lambda"), result.stderrLines());
  }

  @Test
  void rulesShowsEachRulesProfileAndListsThoseAProfileEnforces() {
    List<String> all = InProcessCli.run("rules").stdout().lines().toList();
    List<String> baseline = InProcessCli.run("rules", "--profile", "baseline").stdout().lines().toList();
    List<String> restricted = InProcessCli.run("rules", "--profile", "restricted").stdout().lines().toList();

    assertTrue(all.stream().anyMatch(line -> line.matches("run-as-non-root +restricted +HIGH +Container runs as root")),
        String.join("\n", all));
    assertFalse(baseline.isEmpty());
    assertTrue(baseline.stream().allMatch(line -> line.matches("\\S+ +baseline +.*")), String.join("\n", baseline));
    assertEquals(all, restricted, "restricted includes baseline");
  }
}
