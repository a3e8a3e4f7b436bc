package dev.ecsguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole offline pipeline (parse, resolve, evaluate, decide, enforce, notify; {@link OfflineInvoke}) on
 * arbitrary bytes and on mutated real events with planted secrets.
 *
 * <p>In {@code ./mvnw verify} each target replays its committed inputs (regression mode:
 * {@code src/test/resources/dev/ecsguard/fuzz/PipelineFuzzTestInputs/<target>/}); {@code bench/fuzz.sh} fuzzes one
 * target for longer.
 */
class PipelineFuzzTest {

  private static final TaskDefinition RUN_DEFINITION = TaskDefinitions.fromJson(FuzzFixtures.RUN_DEFINITION);

  /** Any bytes as the Lambda's event: seeds are the sample events themselves. */
  @FuzzTest
  @DictionaryFile(resourcePath = "cloudtrail.dict")
  void rawEvent(byte[] event) {
    OfflineInvoke.run(event, RUN_DEFINITION);
  }

  /**
   * A real event (chosen by the input), mutated ({@link JsonMutator}), with secrets planted after the mutations,
   * run twice (set A, set B): the properties of {@link OfflineInvoke} on both, the same verdict for both (a
   * secret's characters must not change what is decided), and no planted secret in any output.
   */
  @FuzzTest
  void mutatedEvent(FuzzedDataProvider data) {
    ObjectNode event = FuzzFixtures.EVENTS.get(data.consumeInt(0, FuzzFixtures.EVENTS.size() - 1)).deepCopy();
    JsonMutator.mutate(event, data);
    PlantedSecrets.Plan plan = PlantedSecrets.Plan.choose(data);

    OfflineInvoke.Invocation a = runPlanted(event, plan, PlantedSecrets.A);
    OfflineInvoke.Invocation b = runPlanted(event, plan, PlantedSecrets.B);

    assertEquals(a.result().status(), b.result().status(), "the planted value changed the status");
    assertEquals(a.result().action(), b.result().action(), "the planted value changed the action");
    List<String> leaks = new ArrayList<>(PlantedSecrets.leaks(PlantedSecrets.A, a.outputs(), b.outputs()));
    leaks.addAll(PlantedSecrets.leaks(PlantedSecrets.B, b.outputs(), a.outputs()));
    assertEquals(List.of(), leaks, "planted secrets reached an output");
  }

  private static OfflineInvoke.Invocation runPlanted(ObjectNode mutated, PlantedSecrets.Plan plan,
      PlantedSecrets.Set secrets) {
    ObjectNode event = mutated.deepCopy();
    JsonNode detail = event.path("detail");
    PlantedSecrets.plantInDefinition(detail.path("requestParameters"), plan, secrets);
    PlantedSecrets.plantInDefinition(detail.path("responseElements").path("taskDefinition"), plan, secrets);
    if ("RunTask".equals(detail.path("eventName").asText())) {
      PlantedSecrets.plantInRunRequest(detail.path("requestParameters"), plan, secrets);
    }
    ObjectNode runDefinition = FuzzFixtures.RUN_DEFINITION.deepCopy();
    PlantedSecrets.plantInDefinition(runDefinition, plan, secrets);
    return OfflineInvoke.run(Json.write(event).getBytes(StandardCharsets.UTF_8), TaskDefinitions.fromJson(runDefinition));
  }
}
