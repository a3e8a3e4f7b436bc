package dev.ecsguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Engine;
import dev.ecsguard.rule.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bad input is a clear refusal or a clear finding, never a crash: every rule fixture, mutated many times over
 * (a value replaced by another type, a key dropped, a string turned into a number, an array into an object),
 * must either be refused by the mapper with {@link InvalidTaskDefinitionException} or be evaluated by every
 * rule without one failing. Deterministic (fixed seed), so a failure reproduces.
 */
class MutatedDefinitionsTest {

  private static final int MUTATIONS_PER_FIXTURE = 40;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void noMutationOfARealDefinitionCrashesTheMapperOrARule() throws IOException {
    Engine engine = new Engine(Catalog.standard());
    Random random = new Random(20261125L);
    List<Path> fixtures;
    try (Stream<Path> files = Files.walk(Path.of("test/rules"))) {
      fixtures = files.filter(f -> f.toString().endsWith(".json"))
          .filter(f -> !f.toString().endsWith(".expected.json") && !f.toString().endsWith(".run.json")
              && !f.toString().endsWith(".parameters.json") && !f.toString().endsWith(".facts.json"))
          .sorted().toList();
    }
    int evaluated = 0;
    int refused = 0;
    for (Path fixture : fixtures) {
      JsonNode original = Json.MAPPER.readTree(fixture.toFile());
      for (int i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
        JsonNode mutated = original.deepCopy();
        mutate(mutated, random);
        TaskDefinition definition;
        try {
          definition = TaskDefinitions.fromJson(mutated);
        } catch (InvalidTaskDefinitionException clearRefusal) {
          refused++;
          continue;
        } catch (RuntimeException crash) {
          fail(fixture + " mutation " + i + ": the mapper threw " + crash);
          return;
        }
        Evaluation evaluation = engine.evaluate(Subject.of(definition, "us-east-1"));
        assertEquals(List.of(), evaluation.gaps(), fixture + " mutation " + i + ": a rule failed");
        evaluated++;
      }
    }
    System.out.printf("mutated definitions: %d evaluated, %d refused%n", evaluated, refused);
  }

  /** Changes one node somewhere in the tree. */
  private static void mutate(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    if (target instanceof ObjectNode object && object.size() > 0) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      String key = keys.get(random.nextInt(keys.size()));
      if (random.nextInt(4) == 0) {
        object.remove(key);
      } else {
        object.set(key, replacement(object.get(key), random));
      }
    } else if (target instanceof ArrayNode array && array.size() > 0) {
      int index = random.nextInt(array.size());
      array.set(index, replacement(array.get(index), random));
    }
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), into);
      }
    }
  }

  private static JsonNode replacement(JsonNode current, Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(random.nextInt(100_000) - 50_000);
      case 2 -> NODES.textNode("");
      case 3 -> NODES.textNode(current == null ? "x" : current.toString());
      case 4 -> NODES.booleanNode(random.nextBoolean());
      case 5 -> NODES.arrayNode().add(current == null ? NODES.nullNode() : current.deepCopy());
      case 6 -> NODES.objectNode().set("value", current == null ? NODES.nullNode() : current.deepCopy());
      case 7 -> NODES.textNode("0:0");
      default -> NODES.textNode("\u0000\uFFFF/../../" + "x".repeat(random.nextInt(300)));
    };
  }
}
