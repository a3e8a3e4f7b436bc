package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ecs-guard replay} against moto: a dead-letter queue holding both kinds of dead letter (an EventBridge rule's:
 * the event itself; Lambda's on-failure destination: its invocation record), a skipped call, a malformed message and
 * an event whose revision cannot be read. The handled ones are evaluated (enforced, alerted through SNS) and deleted;
 * the others stay, until their cause is fixed and a second replay handles them.
 */
@ExtendWith(MotoServer.Extension.class)
class ReplayMotoTest {

  private MotoAccount account;
  private SqsClient sqs;
  private String topicArn;
  private String queueUrl;

  @BeforeEach
  void freshAccount() throws IOException {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    topicArn = account.createAlertsTopic();
    sqs = SqsClient.builder().endpointOverride(MotoServer.get().endpoint()).region(Region.of(MotoServer.REGION))
        .credentialsProvider(MotoServer.get().credentials()).build();
    queueUrl = sqs.createQueue(r -> r.queueName("ecs-guard-dead-letters")).queueUrl();
  }

  @AfterEach
  void close() {
    sqs.close();
    account.close();
  }

  private record Run(int exitCode, String out, String err) {}

  private Run replay(String... extra) {
    Map<String, String> env = Map.of("AWS_REGION", MotoServer.REGION, "ECS_GUARD_MODE", "enforce",
        "ECS_GUARD_TOPIC_ARN", topicArn);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new ReplayCommand(env, account::guardClients));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("--queue-url", queueUrl, "--wait", "1", "--visibility-timeout", "1"));
    args.addAll(List.of(extra));
    int code = command.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private void send(String body) {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }

  /** The non-compliant sample, registered in moto as a new revision, with its own CloudTrail event id. */
  private ObjectNode registeredNonCompliant(String eventId) throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    ((ObjectNode) event.path("detail")).put("eventID", eventId);
    account.registerFrom(event);
    return event;
  }

  /** Lambda's on-failure destination record of an asynchronous invocation that failed every attempt. */
  private static String onFailureRecord(JsonNode event) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("version", "1.0").put("timestamp", "2026-11-25T10:00:00.000Z");
    record.putObject("requestContext").put("requestId", "c6af9ac6-7b61-11e6-9a41-93e812345678")
        .put("functionArn", "arn:aws:lambda:us-east-1:123456789012:function:ecs-guard-guard:live")
        .put("condition", "RetriesExhausted").put("approximateInvokeCount", 3);
    record.set("requestPayload", event);
    record.putObject("responseContext").put("statusCode", 200).put("executedVersion", "7")
        .put("functionError", "Unhandled");
    record.putObject("responsePayload").put("errorType", "dev.ecsguard.aws.TransientAwsException")
        .put("errorMessage", "throttled");
    return Json.write(record);
  }

  /** The event of a revision moto does not have (until {@code registerFrom} registers family ghost). */
  private static ObjectNode ghostEvent() throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    ((ObjectNode) event.path("detail")).put("eventID", "00000000-0000-4000-8000-000000000005");
    ((ObjectNode) event.path("detail").path("requestParameters")).put("family", "ghost");
    ObjectNode registered = (ObjectNode) event.path("detail").path("responseElements").path("taskDefinition");
    registered.put("family", "ghost").put("revision", 1)
        .put("taskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/ghost:1");
    return event;
  }

  /** The bodies still in the queue, once hidden ones are visible again. */
  private List<String> remaining() throws InterruptedException {
    Thread.sleep(1_500);
    Map<String, String> bodies = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(0)
          .waitTimeSeconds(1)).messages()) {
        bodies.put(m.messageId(), m.body());
      }
    }
    return new ArrayList<>(bodies.values());
  }

  @Test
  void replaysBothShapesDeletesWhatWasHandledAndLeavesTheRestUntilItsCauseIsFixed() throws Exception {
    ObjectNode ruleDeadLetter = registeredNonCompliant("11111111-1111-4111-8111-111111111111");
    String firstArn = ruleDeadLetter.path("detail").path("responseElements").path("taskDefinition")
        .path("taskDefinitionArn").asText();
    ObjectNode lambdaDeadLetter = registeredNonCompliant("22222222-2222-4222-8222-222222222222");
    String secondArn = lambdaDeadLetter.path("detail").path("responseElements").path("taskDefinition")
        .path("taskDefinitionArn").asText();
    ObjectNode failedCall = MotoAccount.event("register-task-definition-failed.json");
    ObjectNode ghost = ghostEvent();
    send(Json.write(ruleDeadLetter));
    send(onFailureRecord(lambdaDeadLetter));
    send(Json.write(failedCall));
    send("{\"not\": \"an event\"");
    send(Json.write(ghost));

    Run run = replay();

    assertEquals(ReplayCommand.LEFT_IN_QUEUE, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(6, lines.size(), "one line per message and a summary: " + run);
    assertTrue(run.out().contains("11111111-1111-4111-8111-111111111111 rule EVALUATED: legacy-worker:"), run.out());
    assertTrue(run.out().contains("action DEREGISTERED"), run.out());
    assertTrue(run.out().contains("22222222-2222-4222-8222-222222222222 on-failure EVALUATED: legacy-worker:"),
        run.out());
    assertTrue(lines.stream().anyMatch(l -> l.contains(" rule SKIPPED")), run.out());
    assertTrue(lines.stream().anyMatch(l -> l.contains(" - ? MALFORMED: the body is not JSON")), run.out());
    assertTrue(lines.stream().anyMatch(l -> l.contains("00000000-0000-4000-8000-000000000005 rule UNUSABLE:")),
        run.out());
    assertEquals("ecs-guard replay: 5 received, 3 replayed and deleted, 2 left in the queue (they reappear after 1 s)",
        lines.get(5));
    // Identifiers only: no environment value, no definition.
    Canaries.assertNone("stdout", run.out());
    Canaries.assertNone("stderr", run.err());
    assertTrue(!run.out().contains("legacy-jobs") && !run.out().contains("containerDefinitions"), run.out());

    // What the pipeline did: both revisions deregistered, one alert each through SNS.
    assertEquals("INACTIVE", account.status(firstArn));
    assertEquals("INACTIVE", account.status(secondArn));
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(2, alerts.size(), "one alert per replayed event");
    for (JsonNode alert : alerts) {
      assertEquals("DEREGISTERED", alert.path("MessageAttributes").path("action").path("Value").asText());
    }

    // Deleted: the three handled. Left: the malformed one and the unusable one.
    List<String> left = remaining();
    assertEquals(2, left.size(), "left: " + left.size());
    assertTrue(left.contains("{\"not\": \"an event\""));
    assertTrue(left.contains(Json.write(ghost)));

    // The cause fixed (the revision exists now), a second replay handles it; the malformed one stays.
    account.registerFrom(ghostEvent());
    Run again = replay();
    assertEquals(ReplayCommand.LEFT_IN_QUEUE, again.exitCode(), again::toString);
    assertTrue(again.out().contains("00000000-0000-4000-8000-000000000005 rule EVALUATED: ghost:1"), again.out());
    assertTrue(again.out().contains("2 received, 1 replayed and deleted, 1 left in the queue"), again.out());
    assertEquals(List.of("{\"not\": \"an event\""), remaining());
  }

  @Test
  void anEmptyQueueIsNothingToDoAndAFailedSweepIsNotReplayed() {
    send(onFailureRecord(Json.MAPPER.createObjectNode().set("ecsGuard",
        Json.MAPPER.createObjectNode().put("task", "inventory-sweep"))));

    Run run = replay();

    assertEquals(EcsGuardCli.OK, run.exitCode(), run::toString);
    assertTrue(run.out().contains(" - on-failure SKIPPED: a failed inventory sweep"), run.out());
    assertTrue(run.out().contains("1 received, 1 replayed and deleted, 0 left in the queue"), run.out());

    Run empty = replay();
    assertEquals(EcsGuardCli.OK, empty.exitCode(), empty::toString);
    assertEquals("ecs-guard replay: 0 received, 0 replayed and deleted, 0 left in the queue\n", empty.out());
  }

  @Test
  void refusesToReplayWithoutTheFunctionsTopics() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new ReplayCommand(Map.of("AWS_REGION", "us-east-1"),
        account::guardClients));
    command.setErr(new PrintWriter(err, true));
    assertEquals(EcsGuardCli.UNUSABLE, command.execute("--queue-url", queueUrl));
    assertTrue(err.toString().contains("ECS_GUARD_TOPIC_ARN"), err.toString());
  }

  @Test
  void theRegionComesFromTheQueueUrl() {
    assertEquals("eu-west-1", ReplayCommand.regionOf("https://sqs.eu-west-1.amazonaws.com/123456789012/q", Map.of()));
    assertEquals("ap-southeast-2",
        ReplayCommand.regionOf("https://ap-southeast-2.queue.amazonaws.com/123456789012/q", Map.of()));
    assertEquals("us-east-1", ReplayCommand.regionOf("http://localhost:5000/123456789012/q",
        Map.of("AWS_REGION", "us-east-1")));
    assertEquals(null, ReplayCommand.regionOf("http://localhost:5000/123456789012/q", Map.of()));
    assertTrue(new CommandLine(new EcsGuardCli()).getSubcommands().containsKey("replay"), "a subcommand of ecs-guard");
  }
}
