package dev.ecsguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.InvalidTaskDefinitionException;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.notify.Report;
import dev.ecsguard.rule.Evaluation;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mapper, the rule engine and the renderers as {@code ecs-guard lint FILE} wires them (offline facts, the
 * policy's evaluation, a report that acts on nothing): the mapper accepts a document or refuses it with
 * {@link InvalidTaskDefinitionException} and nothing else, no rule fails on what it accepted, every form renders
 * well-formed, and no planted secret reaches an output.
 */
class TaskDefinitionsFuzzTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

  /** Any bytes as a task definition file: seeds are the rule cases' definitions. */
  @FuzzTest
  @DictionaryFile(resourcePath = "cloudtrail.dict")
  void rawDefinition(byte[] file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file);
    } catch (JacksonException notJson) {
      return;
    } catch (IOException unreadable) {
      return;
    }
    lint(root);
  }

  /** A rule case's definition, mutated, with secrets planted, linted twice (set A, set B). */
  @FuzzTest
  void mutatedDefinition(FuzzedDataProvider data) {
    ObjectNode definition = FuzzFixtures.DEFINITIONS.get(data.consumeInt(0, FuzzFixtures.DEFINITIONS.size() - 1))
        .deepCopy();
    JsonMutator.mutate(definition, data);
    PlantedSecrets.Plan plan = PlantedSecrets.Plan.choose(data);
    ObjectNode withA = definition.deepCopy();
    PlantedSecrets.plantInDefinition(withA, plan, PlantedSecrets.A);
    ObjectNode withB = definition.deepCopy();
    PlantedSecrets.plantInDefinition(withB, plan, PlantedSecrets.B);

    Map<String, String> a = lint(withA);
    Map<String, String> b = lint(withB);
    List<String> leaks = new ArrayList<>(PlantedSecrets.leaks(PlantedSecrets.A, a, b));
    leaks.addAll(PlantedSecrets.leaks(PlantedSecrets.B, b, a));
    assertEquals(List.of(), leaks, "planted secrets reached an output");
  }

  /** {@code LintCommand.lint}: the outputs, or only the refusal's message when the mapper refused the document. */
  private static Map<String, String> lint(JsonNode root) {
    Map<String, String> outputs = new LinkedHashMap<>();
    TaskDefinition definition;
    try {
      definition = TaskDefinitions.fromJson(root);
    } catch (InvalidTaskDefinitionException refused) {
      outputs.put("refusal", refused.getMessage());
      return outputs;
    }
    Subject subject = Subject.of(definition, null);
    Evaluation evaluation = FuzzFixtures.ENFORCING.evaluate(subject, TODAY);
    List<String> failedRules = evaluation.gaps().stream().filter(g -> g.startsWith("rule ")).toList();
    assertEquals(List.of(), failedRules, "a rule failed on a definition the mapper accepted");
    Report report = new Report(Optional.empty(), subject, evaluation, FuzzFixtures.ENFORCING.mode(),
        FuzzFixtures.ENFORCING.document().profile(), Outcome.none("lint only reports"));
    RenderedForms.render("", report, outputs);
    return outputs;
  }
}
