package dev.ecsguard.pipeline;

import dev.ecsguard.build.BuildInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.notify.JsonReport;
import dev.ecsguard.notify.Report;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole offline pipeline on every sample event, compared with a reviewed snapshot in test/golden/:
 * catches interactions between rules, parsing and reporting that single-rule cases cannot. After a
 * deliberate change, regenerate with {@code ./mvnw test -Dtest=GoldenEventsTest -Dgolden.update=true} and
 * review the diff.
 */
class GoldenEventsTest {

  private static final Path GOLDEN = Path.of("test/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TestFactory
  Stream<DynamicTest> everySampleEventMatchesItsSnapshot() throws IOException {
    List<Path> events;
    try (Stream<Path> files = Files.list(Path.of("events"))) {
      events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    return events.stream().map(event -> dynamicTest(event.getFileName().toString(), event.toUri(), () -> {
      JsonNode actual = run(event);
      Path snapshot = GOLDEN.resolve(event.getFileName());
      if (UPDATE) {
        Files.writeString(snapshot, Json.writePretty(actual) + "\n");
      }
      org.junit.jupiter.api.Assertions.assertTrue(Files.exists(snapshot),
          "no snapshot " + snapshot + ": write it with -Dgolden.update=true, review and commit it");
      assertEquals(Json.writePretty(Json.MAPPER.readTree(snapshot.toFile())), Json.writePretty(actual),
          "snapshot " + snapshot + " (regenerate with -Dgolden.update=true and review the diff)");
    }));
  }

  /** Enforce mode offline: the verdict and what the Lambda would do. */
  private static JsonNode run(Path event) throws IOException {
    byte[] raw = Files.readAllBytes(event);
    List<Report> reports = new ArrayList<>();
    Pipeline pipeline = PipelineFactory.offline(ActivePolicy.parse(new Settings(Mode.ENFORCE, Severity.HIGH, null)),
        definitionFor(raw),
        reports::add, LogSink.silent());
    Result result = pipeline.run(raw);
    ObjectNode snapshot = Json.MAPPER.createObjectNode();
    snapshot.set("result", Json.MAPPER.valueToTree(result.summary()));
    ObjectNode report = reports.isEmpty() ? null : JsonReport.tree(reports.get(0));
    if (report != null) {
      // The version names the build (and its commit): a snapshot holds it as a fact, checked here, not a value.
      assertEquals(BuildInfo.CURRENT.toString(), report.path("ecsGuardVersion").asText());
      report.put("ecsGuardVersion", "<this build>");
    }
    snapshot.set("report", report);
    return snapshot;
  }

  /** A RunTask event does not carry its definition: the compliant sample is the one it names. */
  private static Optional<TaskDefinition> definitionFor(byte[] raw) throws IOException {
    if (CloudTrailEvents.parse(raw) instanceof ApiCall.Run) {
      ApiCall call = CloudTrailEvents.parse(Files.readAllBytes(Path.of("events/register-task-definition.json")));
      return ((ApiCall.Registration) call).embedded();
    }
    return Optional.empty();
  }
}
