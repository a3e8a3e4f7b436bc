package dev.ecsguard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm benchmarks measure real verdicts: each sample evaluates to what it is meant to show, under the
 * built-in policy (what {@code CliPolicy.load(null)} gives with no {@code ECS_GUARD_*} set).
 */
class BenchSamplesTest {

  private static final ActivePolicy DEFAULTS =
      ActivePolicy.parse(PolicyLoader.fromEnvironment(Settings.fromEnvironment(Map.of())), Catalog.standard());

  private static Evaluation evaluate(BenchSamples sample) throws IOException {
    return DEFAULTS.evaluate(Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree(sample.definitionJson())), null),
        LocalDate.of(2026, 11, 25));
  }

  @Test
  void compliantSampleHasNoFindings() throws IOException {
    assertEquals(List.of(), evaluate(BenchSamples.COMPLIANT).findings());
  }

  @Test
  void noncompliantSampleHasItsFindings() throws IOException {
    assertEquals(28, evaluate(BenchSamples.NONCOMPLIANT).findings().size());
  }

  /** A realistic service: mostly hardened, with the few findings such a definition usually has. */
  @Test
  void tenContainerSampleHasTenContainersAndAFewFindings() throws IOException {
    BenchSamples sample = BenchSamples.TEN_CONTAINERS;
    assertEquals(10, TaskDefinitions.fromJson(Json.MAPPER.readTree(sample.definitionJson())).containers().size());
    List<String> findings = evaluate(sample).findings().stream()
        .map(f -> f.severity() + " " + f.ruleId() + " " + f.container())
        .toList();
    assertEquals(List.of(
        "HIGH run-as-non-root log-router",
        "MEDIUM require-read-only-root-filesystem log-router",
        "MEDIUM require-read-only-root-filesystem datadog-agent",
        "LOW minimum-resources xray-daemon",
        "LOW pin-images-by-digest envoy",
        "LOW pin-images-by-digest datadog-agent"), findings);
  }
}
