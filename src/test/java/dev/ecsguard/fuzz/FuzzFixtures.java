package dev.ecsguard.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.rule.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the fuzz targets start from: the real sample events ({@code events/}), the rule cases' task definitions
 * ({@code test/rules/}), the built-in catalog, and the built-in policy switched to {@code enforce}, so that every
 * decision the pipeline could act on is actually taken and can be checked. Loaded once per JVM: a fuzzing run
 * calls the targets hundreds of thousands of times.
 */
final class FuzzFixtures {

  static final Catalog CATALOG = Catalog.standard();

  /** The built-in policy in enforce mode: the most demanding one for "nothing enforced on malformed input". */
  static final ActivePolicy ENFORCING = ActivePolicy.parse(
      PolicyLoader.merge(PolicyLoader.defaults(), PolicyLoader.parse("mode: enforce", "fuzz")), CATALOG);

  /** The sample EventBridge events, as trees to mutate. */
  static final List<ObjectNode> EVENTS = load(Path.of("events"), FuzzFixtures::isEvent);

  /** The rule cases' task definitions (not their expectations, run requests, parameters or facts). */
  static final List<ObjectNode> DEFINITIONS = load(Path.of("test/rules"), FuzzFixtures::isDefinition);

  /**
   * The definition a RunTask event runs, given offline as {@code invoke run-task.json --task-definition FILE}
   * does: the revision the registration sample registered.
   */
  static final ObjectNode RUN_DEFINITION = (ObjectNode) EVENTS.stream()
      .filter(e -> "RegisterTaskDefinition".equals(e.path("detail").path("eventName").asText()))
      .filter(e -> e.path("detail").path("errorCode").isMissingNode())
      .findFirst().orElseThrow()
      .path("detail").path("responseElements").path("taskDefinition");

  private FuzzFixtures() {}

  private static boolean isEvent(Path file) {
    return file.toString().endsWith(".json");
  }

  private static boolean isDefinition(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") && !name.endsWith(".expected.json") && !name.endsWith(".run.json")
        && !name.endsWith(".parameters.json") && !name.endsWith(".facts.json");
  }

  private static List<ObjectNode> load(Path root, java.util.function.Predicate<Path> wanted) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(wanted).sorted()
          .map(FuzzFixtures::read).filter(JsonNode::isObject).map(ObjectNode.class::cast).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
