package dev.ecsguard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

  /**
   * Checks a document against the EMF specification: {@code _aws.Timestamp} (epoch millis), CloudWatchMetrics as
   * directives with Namespace, Dimensions (arrays of at most 30 names, each a root string member) and Metrics
   * (Name, optional Unit), every metric a root number member.
   */
  static void assertValidEmf(JsonNode root) {
    JsonNode aws = root.path("_aws");
    assertTrue(aws.path("Timestamp").isIntegralNumber(), "Timestamp");
    assertTrue(aws.path("CloudWatchMetrics").isArray() && aws.path("CloudWatchMetrics").size() >= 1);
    for (JsonNode directive : aws.path("CloudWatchMetrics")) {
      assertTrue(directive.path("Namespace").isTextual() && !directive.path("Namespace").asText().isEmpty());
      assertTrue(directive.path("Dimensions").isArray());
      for (JsonNode set : directive.path("Dimensions")) {
        assertTrue(set.isArray() && set.size() <= 30);
        for (JsonNode name : set) {
          assertTrue(root.path(name.asText()).isTextual(), "dimension " + name + " is a root string");
        }
      }
      assertTrue(directive.path("Metrics").isArray() && directive.path("Metrics").size() <= 100);
      for (JsonNode metric : directive.path("Metrics")) {
        assertTrue(metric.path("Name").isTextual());
        assertTrue(root.path(metric.path("Name").asText()).isNumber(), "metric " + metric + " is a root number");
        assertTrue(!metric.has("Unit") || Set.of("Count", "Milliseconds").contains(metric.path("Unit").asText()));
      }
    }
  }

  @Test
  void oneSummaryLineAndOneLinePerRuleAndSeverity() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EmfMetrics(new PrintStream(out, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC))
        .record(new EventMetrics("enforce", "EVALUATED",
            Map.of("disallow-privileged", Map.of("CRITICAL", 2), "run-as-non-root", Map.of("HIGH", 1)),
            "DEREGISTERED", 42));
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(Json.MAPPER.readTree(line));
    }
    assertEquals(3, lines.size());
    lines.forEach(EmfMetricsTest::assertValidEmf);
    JsonNode summary = lines.get(0);
    assertEquals("EcsGuard", summary.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());
    assertEquals(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli(), summary.path("_aws").path("Timestamp").asLong());
    assertEquals("enforce", summary.path("Mode").asText());
    assertEquals(3, summary.path("Findings").asInt());
    assertEquals(1, summary.path("Actions").asInt());
    assertEquals(0, summary.path("Errors").asInt());
    assertEquals(42, summary.path("LatencyMillis").asInt());
    Set<String> byRule = new HashSet<>();
    for (JsonNode line : lines.subList(1, 3)) {
      byRule.add(line.path("Rule").asText() + "/" + line.path("Severity").asText() + "=" + line.path("Findings").asInt());
    }
    assertEquals(Set.of("disallow-privileged/CRITICAL=2", "run-as-non-root/HIGH=1"), byRule);
  }

  @Test
  void theLambdaPipelineWritesValidEmfWithNoValueFromTheEvent() throws Exception {
    byte[] event = Files.readAllBytes(Path.of("events", "register-task-definition-noncompliant.json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // No AWS behind it: the definition cannot be described, so the event is unusable; still one summary line.
    Pipeline pipeline = PipelineFactory.forAws(Map.of("ECS_GUARD_METRICS", "emf", "AWS_REGION", "us-east-1"),
        new dev.ecsguard.aws.AwsClients(java.net.URI.create("http://127.0.0.1:9"),
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))),
        new CapturedLog(), new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      pipeline.run(event);
    } catch (RuntimeException expected) {
      // connection refused: a transient failure, counted as an error
    }
    String text = out.toString(StandardCharsets.UTF_8);
    JsonNode summary = Json.MAPPER.readTree(text.split("\n")[0]);
    assertValidEmf(summary);
    assertEquals(1, summary.path("Errors").asInt());
    String raw = new String(event, StandardCharsets.UTF_8);
    for (String value : List.of("legacy-worker", "123456789012", "us-east-1", "CANARY")) {
      assertTrue(raw.contains(value));
      assertFalse(text.contains(value), "no value from the event in the metrics: " + value);
    }
  }

  @Test
  void metricsAreOffOutsideLambdaUnlessAsked() throws Exception {
    byte[] event = Files.readAllBytes(Path.of("events", "register-task-definition-noncompliant.json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Pipeline pipeline = PipelineFactory.forAws(Map.of("AWS_REGION", "us-east-1"),
        new dev.ecsguard.aws.AwsClients(java.net.URI.create("http://127.0.0.1:9"),
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))),
        new CapturedLog(), new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      pipeline.run(event);
    } catch (RuntimeException expected) {
      // connection refused
    }
    assertEquals("", out.toString(StandardCharsets.UTF_8), "no AWS_LAMBDA_FUNCTION_NAME, no ECS_GUARD_METRICS: silent");
  }
}
