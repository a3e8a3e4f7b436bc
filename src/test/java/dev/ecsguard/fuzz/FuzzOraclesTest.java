package dev.ecsguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.pipeline.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzz targets' oracles are not vacuous: the planted values are ones the rules catch (each planted position
 * gets its finding, so "no leak" means the value was seen and masked, not ignored), the leak check finds a leak
 * and ignores a value the input carries elsewhere, and an unmodified sample event is enforced on (so "nothing
 * enforced" on a broken one is a property, not a pipeline that never acts).
 */
class FuzzOraclesTest {

  private static final PlantedSecrets.Plan EVERYTHING = new PlantedSecrets.Plan(
      EnumSet.allOf(PlantedSecrets.Kind.class), 0, 0);

  @Test
  void everyPlantedSecretIsCaughtByARuleAndMaskedInEveryOutput() {
    ObjectNode event = event("RegisterTaskDefinition");
    PlantedSecrets.plantInDefinition(event.path("detail").path("requestParameters"), EVERYTHING, PlantedSecrets.A);
    PlantedSecrets.plantInDefinition(event.path("detail").path("responseElements").path("taskDefinition"), EVERYTHING,
        PlantedSecrets.A);
    OfflineInvoke.Invocation run = OfflineInvoke.run(bytes(event),
        TaskDefinitions.fromJson(FuzzFixtures.RUN_DEFINITION));

    assertEquals(Result.Status.EVALUATED, run.result().status());
    JsonNode report = parse(run.outputs().get("alert1.report.json"));
    List<String> found = new ArrayList<>();
    report.path("findings").forEach(f -> found.add(f.path("ruleId").asText() + " " + f.path("field").asText()));
    String all = String.join("\n", found);
    assertTrue(all.contains("no-secret-env-names /containerDefinitions/0/environment/"), all);
    assertTrue(all.contains("no-secret-env-values /containerDefinitions/0/environment/"), all);
    assertTrue(all.contains("no-secrets-in-command /containerDefinitions/0/command/0"), all);
    assertTrue(all.contains("no-secrets-in-command /containerDefinitions/0/dockerLabels/com.example.deploy-token"), all);
    assertTrue(all.contains("log-options-no-secrets /containerDefinitions/0/logConfiguration/options/splunk-token"), all);
    for (Map.Entry<String, String> output : run.outputs().entrySet()) {
      for (String secret : PlantedSecrets.A.values().values()) {
        assertEquals(-1, PlantedSecrets.find(output.getValue(), secret), output.getKey());
      }
    }
  }

  @Test
  void plantedRunOverridesAreCaughtToo() {
    ObjectNode event = event("RunTask");
    PlantedSecrets.plantInRunRequest(event.path("detail").path("requestParameters"), EVERYTHING, PlantedSecrets.A);
    OfflineInvoke.Invocation run = OfflineInvoke.run(bytes(event),
        TaskDefinitions.fromJson(FuzzFixtures.RUN_DEFINITION));
    String json = run.outputs().get("alert1.report.json");
    assertTrue(json.contains("no-secrets-in-run-overrides"), "the override secrets are found");
    assertTrue(PlantedSecrets.leaks(PlantedSecrets.A, run.outputs(), Map.of()).isEmpty());
  }

  @Test
  void theLeakCheckFindsAPieceOfAPlantedSecretButNotAValueTheInputCarriesElsewhere() {
    String secret = PlantedSecrets.A.values().get(PlantedSecrets.Kind.AWS_SECRET_KEY_ENV);
    String cut = "message cut short: …" + secret.substring(20);
    assertEquals(1, PlantedSecrets.leaks(PlantedSecrets.A, Map.of("email.body", cut), Map.of("email.body", "")).size());
    assertEquals(0, PlantedSecrets.leaks(PlantedSecrets.A, Map.of("email.body", cut), Map.of("email.body", cut)).size(),
        "the same text with the other set planted: the value came from elsewhere in the input");
  }

  @Test
  void anUnmodifiedNonCompliantSampleIsEnforcedOnSoTheNothingEnforcedPropertyMeansSomething() {
    ObjectNode event = FuzzFixtures.EVENTS.stream()
        .filter(e -> e.path("detail").path("responseElements").path("taskDefinition").path("family").asText()
            .equals("legacy-worker")
            || e.path("detail").path("requestParameters").path("family").asText().equals("legacy-worker"))
        .findFirst().orElseThrow().deepCopy();
    OfflineInvoke.Invocation run = OfflineInvoke.run(bytes(event),
        TaskDefinitions.fromJson(FuzzFixtures.RUN_DEFINITION));
    assertEquals(dev.ecsguard.enforce.Action.WOULD_DEREGISTER, run.result().action());
  }

  private static ObjectNode event(String eventName) {
    return FuzzFixtures.EVENTS.stream()
        .filter(e -> eventName.equals(e.path("detail").path("eventName").asText()))
        .filter(e -> e.path("detail").path("errorCode").isMissingNode())
        .findFirst().orElseThrow().deepCopy();
  }

  private static byte[] bytes(JsonNode event) {
    return Json.write(event).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
