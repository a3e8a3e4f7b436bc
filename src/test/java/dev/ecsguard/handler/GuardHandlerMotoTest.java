package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The real handler with the real SDK against moto: a task definition registered from a sample event's own
 * request, evaluated, reported through SNS (read back from an SQS subscriber) and, in enforce mode,
 * deregistered.
 */
@ExtendWith(MotoServer.Extension.class)
class GuardHandlerMotoTest {

  private static final Pattern CANARY = Pattern.compile("CANARY[A-Za-z0-9-]*");

  private MotoAccount account;
  private AwsClients clients;
  private CapturedLog log;
  private ByteArrayOutputStream stdout;
  private String topicArn;

  @BeforeEach
  void freshAccount() throws IOException {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    clients = account.guardClients();
    topicArn = account.createAlertsTopic();
    log = new CapturedLog();
    stdout = new ByteArrayOutputStream();
  }

  @AfterEach
  void close() {
    clients.close();
    account.close();
  }

  private String invoke(String mode, ObjectNode event) throws IOException {
    return invoke(Map.of("ECS_GUARD_MODE", mode, "ECS_GUARD_TOPIC_ARN", topicArn), event);
  }

  private String invoke(Map<String, String> env, ObjectNode event) throws IOException {
    GuardHandler handler = new GuardHandler(
        PipelineFactory.forAws(env, clients, log, new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req-1"));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void enforceModeDeregistersTheNonCompliantRevisionAndSendsOneRedactedAlert() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    List<String> canaries = canaries(event);
    String arn = account.registerFrom(event);

    String response = invoke("enforce", event);

    assertEquals("INACTIVE", account.status(arn));
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size(), "one alert per event");
    JsonNode alert = alerts.get(0);
    String subject = alert.path("Subject").asText();
    assertTrue(subject.length() < 100, subject);
    assertTrue(subject.contains("legacy-worker:" + arn.substring(arn.lastIndexOf(':') + 1)), subject);
    assertTrue(subject.contains("(deregistered)"), subject);
    String body = alert.path("Message").asText();
    for (String rule : List.of("require-log-configuration", "awslogs-options-complete", "no-secret-env-names",
        "no-secret-env-values", "require-execution-role", "image-same-region", "disallow-latest-tag",
        "fargate-cpu-memory-valid", "run-as-non-root", "disallow-privileged")) {
      assertTrue(body.contains(rule), "the alert names " + rule);
    }
    assertTrue(body.contains("123456789012") && body.contains("us-east-1"), "the alert says where");
    assertTrue(body.contains("deregistered"), "the alert says what was done");
    assertEquals("DEREGISTERED", alert.path("MessageAttributes").path("action").path("Value").asText());
    assertEquals("CRITICAL", alert.path("MessageAttributes").path("severity").path("Value").asText());
    assertTrue(response.contains("\"DEREGISTERED\""), response);
    assertNoCanary(canaries, Json.write(alert), log.all(), response, stdout.toString(StandardCharsets.UTF_8));
  }

  @Test
  void auditModeReportsAndLeavesTheRevisionActive() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    invoke("audit", event);

    assertEquals("ACTIVE", account.status(arn));
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertEquals("NONE", alerts.get(0).path("MessageAttributes").path("action").path("Value").asText());
    assertTrue(alerts.get(0).path("Message").asText().contains("audit mode"));
    assertNoCanary(canaries(event), Json.write(alerts.get(0)), log.all());
  }

  @Test
  void aCompliantRevisionSendsNothingAndStaysActive() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    String arn = account.registerFrom(event);

    String response = invoke("enforce", event);

    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts());
    // One INFO note: without a state table (memory, this process) the task role inventory was never swept.
    assertTrue(response.contains("\"findings\":1") && response.contains("\"highestSeverity\":\"INFO\""), response);
  }

  @Test
  void enforcingTwiceIsIdempotent() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    invoke("enforce", event);
    String second = invoke("enforce", event);

    assertEquals("INACTIVE", account.status(arn));
    assertTrue(second.contains("ALREADY_INACTIVE"), second);
  }

  @Test
  void aRunTaskWithACredentialInItsOverridesIsReportedButTheCompliantRevisionIsKept() throws Exception {
    ObjectNode registration = MotoAccount.event("register-task-definition.json");
    String arn = account.registerFrom(registration);
    ObjectNode run = MotoAccount.event("run-task.json");
    ((ObjectNode) run.path("detail").path("requestParameters")).put("taskDefinition", arn);
    for (JsonNode task : run.path("detail").path("responseElements").path("tasks")) {
      ((ObjectNode) task).put("taskDefinitionArn", arn);
    }

    invoke("enforce", run);

    assertEquals("ACTIVE", account.status(arn), "findings about how a task was run never deregister the revision");
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).path("Message").asText().contains("no-secrets-in-run-overrides"));
    assertTrue(alerts.get(0).path("Message").asText().contains("STRIPE_API_KEY"), "names the variable");
    assertNoCanary(canaries(run), Json.write(alerts.get(0)), log.all());
  }

  @Test
  void aFailedCallIsSkippedWithOneLogLine() throws Exception {
    String response = invoke("enforce", MotoAccount.event("register-task-definition-failed.json"));

    assertTrue(response.contains("\"SKIPPED\""), response);
    assertEquals(1, log.lines().size(), log.all());
    assertTrue(log.all().contains("the call failed"), log.all());
    assertEquals(List.of(), account.deliveredAlerts());
  }

  @Test
  void aRevisionThatNoLongerExistsIsReportedOnceAndNotRetried() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    ((ObjectNode) event.path("detail").path("responseElements").path("taskDefinition"))
        .put("taskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/gone:9");

    String response = invoke("enforce", event);

    assertTrue(response.contains("\"UNUSABLE\""), response);
    assertTrue(log.all().contains("does not exist"), log.all());
    assertEquals(List.of(), account.deliveredAlerts());
  }

  @Test
  void aMalformedEventIsSkippedWithoutAnException() throws Exception {
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(
        Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_TOPIC_ARN", topicArn), clients, log, System.out));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(new ByteArrayInputStream("{\"detail\": [".getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req-2"));

    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"UNUSABLE\""));
    assertTrue(log.all().contains("malformed event"), log.all());
    assertEquals(List.of(), account.deliveredAlerts());
  }

  @Test
  void aRefusedPolicyInSsmFailsLoudlyInEnforceModeAndIsReportedInAuditMode() throws Exception {
    try (SsmClient ssm = SsmClient.builder().endpointOverride(MotoServer.get().endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(MotoServer.get().credentials())
        .build()) {
      ssm.putParameter(r -> r.name("/ecs-guard/policy").type(ParameterType.STRING)
          .value("mode: enforce\nrules: {no-such-rule: {enabled: false}}"));
    }
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    assertThrows(dev.ecsguard.policy.UnusablePolicyException.class, () -> invoke(Map.of("ECS_GUARD_MODE", "enforce",
        "ECS_GUARD_TOPIC_ARN", topicArn, "ECS_GUARD_POLICY_PARAMETER", "/ecs-guard/policy", "AWS_REGION",
        "us-east-1"), event));
    assertEquals("ACTIVE", account.status(arn), "nothing is enforced under a refused policy");
    assertEquals(List.of(), account.deliveredAlerts(), "the invocation failed: the errors alarm, the dead-letter queue");

    invoke(Map.of("ECS_GUARD_MODE", "audit", "ECS_GUARD_TOPIC_ARN", topicArn,
        "ECS_GUARD_POLICY_PARAMETER", "/ecs-guard/policy", "AWS_REGION", "us-east-1"), event);
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    String body = alerts.get(0).path("Message").asText();
    assertTrue(body.contains("policy was refused") && body.contains("rules.no-such-rule"), "the alert says why");
  }

  @Test
  void aPolicyInSsmCanExemptAFamily() throws Exception {
    try (SsmClient ssm = SsmClient.builder().endpointOverride(MotoServer.get().endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(MotoServer.get().credentials())
        .build()) {
      ssm.putParameter(r -> r.name("/ecs-guard/policy").type(ParameterType.STRING).value(
          "mode: enforce\nenforce: {minimumSeverity: CRITICAL}\nexemptions:\n"
              + "  - {families: [legacy-*], rules: [disallow-privileged, no-secret-env-names, no-secret-env-values],"
              + " reason: 'SEC-42 migration to secrets by Q1', expires: 2099-01-31}\n"));
    }
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    invoke(Map.of("ECS_GUARD_TOPIC_ARN", topicArn, "ECS_GUARD_POLICY_PARAMETER", "/ecs-guard/policy",
        "AWS_REGION", "us-east-1"), event);

    assertEquals("ACTIVE", account.status(arn), "every CRITICAL finding is exempted");
    String body = account.deliveredAlerts().get(0).path("Message").asText();
    assertTrue(body.contains("Exempted, not counted") && body.contains("SEC-42"), "exempted findings are shown as such");
  }

  @Test
  void awsCallsPerSampleEventColdThenWarm() throws Exception {
    ObjectNode registration = MotoAccount.event("register-task-definition.json");
    String arn = account.registerFrom(registration);
    ObjectNode run = MotoAccount.event("run-task.json");
    ((ObjectNode) run.path("detail").path("requestParameters")).put("taskDefinition", arn);
    for (JsonNode task : run.path("detail").path("responseElements").path("tasks")) {
      ((ObjectNode) task).put("taskDefinitionArn", arn);
    }
    // One handler: one execution environment, one cache.
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(Map.of("ECS_GUARD_TOPIC_ARN", topicArn), clients, log,
        new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    List<String> figures = new java.util.ArrayList<>();
    for (String round : List.of("cold", "warm")) {
      for (ObjectNode event : List.of(registration, run)) {
        int before = log.lines().size();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
            new ByteArrayOutputStream(), new FakeContext("req-" + round));
        JsonNode line = Json.MAPPER.readTree(log.lines().get(before).substring(log.lines().get(before).indexOf('{')));
        figures.add(round + " " + line.path("eventName").asText() + ": " + line.path("awsCallsForFacts").asInt()
            + " calls, " + line.path("factCacheHits").asInt() + " cache hits");
      }
    }
    System.out.println("AWS calls per sample event (facts): " + figures);
    int coldCalls = Integer.parseInt(figures.get(0).replaceAll(".*: (\\d+) calls.*", "$1"));
    int warmCalls = Integer.parseInt(figures.get(2).replaceAll(".*: (\\d+) calls.*", "$1"));
    assertTrue(coldCalls > 0, figures.toString());
    assertTrue(warmCalls < coldCalls, "the cache saves calls: " + figures);
  }

  /** Every planted value of the event: environment values marked CANARY. */
  static List<String> canaries(JsonNode event) {
    Matcher matcher = CANARY.matcher(Json.write(event));
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group());
    }
    assertFalse(found.isEmpty(), "the sample plants canary values");
    return found;
  }

  static void assertNoCanary(List<String> canaries, String... outputs) {
    for (String output : outputs) {
      for (String canary : canaries) {
        assertFalse(output.contains(canary), "a planted secret leaked into an output");
      }
    }
  }
}
