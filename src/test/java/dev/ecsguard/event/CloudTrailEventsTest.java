package dev.ecsguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudTrailEventsTest {

  static Stream<Path> sampleEvents() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("events"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("sampleEvents")
  void everySampleIsAnEventBridgeEnvelopeTheLambdaRuntimeCanDeserialize(Path file) {
    // aws-lambda-java-tests deserializes with the Lambda runtime's own serialization.
    ScheduledEvent event = EventLoader.loadScheduledEvent(file.toString());
    assertEquals("aws.ecs", event.getSource());
    assertEquals(CloudTrailEvents.DETAIL_TYPE, event.getDetailType());
    assertEquals("ecs.amazonaws.com", event.getDetail().get("eventSource"));
  }

  @Test
  void aRegistrationPointsAtTheNewRevisionAndCarriesTheDefinition() throws IOException {
    ApiCall call = CloudTrailEvents.parse(bytes("register-task-definition-noncompliant.json"));

    ApiCall.Registration registration = assertInstanceOf(ApiCall.Registration.class, call);
    assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/legacy-worker:3", registration.taskDefinitionArn());
    assertEquals("legacy-worker", registration.family());
    assertEquals("us-east-1", call.origin().region());
    assertEquals("123456789012", call.origin().account());
    assertEquals("RegisterTaskDefinition", call.origin().eventName());
    assertTrue(registration.embedded().isPresent());
    assertEquals(3, registration.embedded().get().containers().size());
  }

  @Test
  void aRunPointsAtTheRevisionThatRanAndCarriesTheRequest() throws IOException {
    ApiCall.Run run = assertInstanceOf(ApiCall.Run.class, CloudTrailEvents.parse(bytes("run-task.json")));

    assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/payments-api:7", run.taskDefinitionArn());
    assertEquals("payments-api:7", run.request().taskDefinition());
    assertEquals("prod", run.request().cluster());
    assertEquals("FARGATE", run.request().launchType());
    assertEquals("DISABLED", run.request().assignPublicIp());
    assertEquals(1, run.request().subnets().size());
    assertEquals(1, run.request().startedTaskArns().size());
    assertEquals("app", run.request().overrides().containers().get(0).name());
    assertEquals("STRIPE_API_KEY", run.request().overrides().containers().get(0).environment().get(0).name());
  }

  @Test
  void aRunWithoutStartedTasksFallsBackToTheRequestedReference() throws IOException {
    ObjectNode event = event("run-task.json");
    ((ObjectNode) event.path("detail")).putNull("responseElements");

    ApiCall.Run run = assertInstanceOf(ApiCall.Run.class, CloudTrailEvents.parse(Json.write(event).getBytes(StandardCharsets.UTF_8)));

    assertNull(run.taskDefinitionArn());
    assertEquals(List.of(), run.request().startedTaskArns());
  }

  @Test
  void aFailedCallIsSkippedAsWellFormed() throws IOException {
    ApiCall.Skipped skipped = assertInstanceOf(ApiCall.Skipped.class,
        CloudTrailEvents.parse(bytes("register-task-definition-failed.json")));

    assertFalse(skipped.malformed());
    assertTrue(skipped.reason().contains("ClientException"), skipped.reason());
  }

  @Test
  void anotherApiIsSkippedAsWellFormed() throws IOException {
    ObjectNode event = event("register-task-definition.json");
    ((ObjectNode) event.path("detail")).put("eventName", "DeleteTaskDefinitions");

    ApiCall.Skipped skipped = assertInstanceOf(ApiCall.Skipped.class,
        CloudTrailEvents.parse(Json.write(event).getBytes(StandardCharsets.UTF_8)));

    assertFalse(skipped.malformed());
    assertTrue(skipped.reason().contains("DeleteTaskDefinitions"));
  }

  @Test
  void anotherSourceIsSkipped() throws IOException {
    ObjectNode event = event("register-task-definition.json");
    event.put("source", "aws.ec2");

    assertInstanceOf(ApiCall.Skipped.class, CloudTrailEvents.parse(Json.write(event).getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "null", "[]", "42", "{\"detail\": [", "{\"detail\": 1}", "{}", "\u0000\u0001",
      "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ecs\",\"detail\":{\"eventSource\":"
          + "\"ecs.amazonaws.com\",\"eventName\":\"RunTask\",\"requestParameters\":{}}}"})
  void malformedInputIsSkippedAsMalformedAndNeverThrows(String input) {
    ApiCall.Skipped skipped = assertInstanceOf(ApiCall.Skipped.class,
        CloudTrailEvents.parse(input.getBytes(StandardCharsets.UTF_8)));

    assertTrue(skipped.malformed(), skipped.reason());
  }

  @Test
  void anEventNestedTooDeepIsMalformedWithAClearReason() throws IOException {
    ObjectNode event = event("register-task-definition.json");
    String deep = "[".repeat(100_000);
    byte[] raw = Json.write(event).replaceFirst("\\{", "{\"deep\": " + deep).getBytes(StandardCharsets.UTF_8);

    ApiCall.Skipped skipped = assertInstanceOf(ApiCall.Skipped.class, CloudTrailEvents.parse(raw));
    assertTrue(skipped.malformed(), skipped.reason());
    assertEquals("malformed event: nested deeper than 100 levels", skipped.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {" junk", " {}", "}", "]"})
  void anEventWithAnythingAfterItIsMalformed(String trailing) throws IOException {
    byte[] raw = (Json.write(event("register-task-definition.json")) + trailing).getBytes(StandardCharsets.UTF_8);

    ApiCall.Skipped skipped = assertInstanceOf(ApiCall.Skipped.class, CloudTrailEvents.parse(raw));
    assertTrue(skipped.malformed(), skipped.reason());
  }

  @Test
  void anOmittedResponseStillYieldsTheRequestedFamilyButNoExactRevision() throws IOException {
    ObjectNode event = event("register-task-definition.json");
    ObjectNode detail = (ObjectNode) event.path("detail");
    detail.putObject("responseElements").put("omitted", true);

    ApiCall.Registration registration = assertInstanceOf(ApiCall.Registration.class,
        CloudTrailEvents.parse(Json.write(event).getBytes(StandardCharsets.UTF_8)));

    assertNull(registration.taskDefinitionArn());
    assertEquals("payments-api", registration.family());
  }

  @Test
  void reasonsQuoteNoValueFromTheEvent() throws IOException {
    ObjectNode event = event("register-task-definition.json");
    ((ObjectNode) event.path("detail")).put("eventName", "CANARY-not-an-api name with spaces and <html>");

    ApiCall.Skipped skipped = assertInstanceOf(ApiCall.Skipped.class,
        CloudTrailEvents.parse(Json.write(event).getBytes(StandardCharsets.UTF_8)));

    assertFalse(skipped.reason().contains(" with spaces"), "identifiers are sanitized before they reach a log line");
    assertFalse(skipped.reason().contains("<html>"));
  }

  @Test
  void theTimeAndTheCallerAreReducedToPrintableCharactersAsEveryOtherOriginField() throws IOException {
    // They reach the email's first lines: a newline there would let an event write lines of its own.
    ObjectNode event = event("register-task-definition-noncompliant.json");
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("eventTime", "2026-11-25T10:20:00Z\nSubject: forged");
    ((ObjectNode) detail.get("userIdentity")).put("arn", "arn:aws:sts::123456789012:assumed-role/Deploy/jane\r\nx");

    ApiCall.Origin origin = CloudTrailEvents.parse(Json.MAPPER.writeValueAsBytes(event)).origin();

    assertEquals("2026-11-25T10:20:00Z?Subject:?forged", origin.eventTime());
    assertEquals("arn:aws:sts::123456789012:assumed-role/Deploy/jane??x", origin.caller());
    assertEquals("2026-11-25T10:20:00Z",
        CloudTrailEvents.parse(bytes("register-task-definition-noncompliant.json")).origin().eventTime());
  }

  private static byte[] bytes(String file) throws IOException {
    return Files.readAllBytes(Path.of("events", file));
  }

  private static ObjectNode event(String file) throws IOException {
    return (ObjectNode) Json.MAPPER.readTree(bytes(file));
  }
}
