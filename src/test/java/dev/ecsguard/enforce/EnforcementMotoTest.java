package dev.ecsguard.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Enforcement against moto with the real handler: dry-run, RunTask stop on a real (moto) Fargate task, the safety
 * valve counting tags across "environments", and a retried event that neither acts nor alerts twice.
 */
@ExtendWith(MotoServer.Extension.class)
class EnforcementMotoTest {

  private MotoAccount account;
  private AwsClients clients;
  private CapturedLog log;
  private String topicArn;
  private Map<String, String> stateTable;

  @BeforeEach
  void freshAccount() throws IOException {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    clients = account.guardClients();
    topicArn = account.createAlertsTopic();
    stateTable = account.stateTable();
    log = new CapturedLog();
  }

  @AfterEach
  void close() {
    clients.close();
    account.close();
  }

  private String invoke(Map<String, String> extra, ObjectNode event) throws IOException {
    return invoke(clients, extra, event);
  }

  private String invoke(AwsClients clients, Map<String, String> extra, ObjectNode event) throws IOException {
    Map<String, String> env = new HashMap<>(Map.of("ECS_GUARD_TOPIC_ARN", topicArn));
    env.putAll(stateTable);
    env.putAll(extra);
    // A new handler each time: a new execution environment, sharing nothing in memory.
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, clients, log,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req"));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void dryRunSaysWouldDeregisterAndLeavesTheRevisionActive() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    String response = invoke(Map.of("ECS_GUARD_MODE", "dry-run"), event);

    assertEquals("ACTIVE", account.status(arn));
    assertTrue(response.contains("WOULD_DEREGISTER"), response);
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).path("Message").asText().contains("would deregister"), "the alert says what would be done");
    assertTrue(tags(arn).keySet().stream().noneMatch(k -> k.equals(RevisionTags.DEREGISTERED)), "dry-run writes no action");
  }

  @Test
  void aRetriedEventNeitherActsNorAlertsTwice() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);
    String retry = invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    assertEquals("INACTIVE", account.status(arn));
    assertTrue(retry.contains("\"DEREGISTERED\"") && retry.contains("by ecs-guard at"), retry);
    assertEquals(1, account.deliveredAlerts().size(), "one alert per CloudTrail event id, whatever the retries");
    assertTrue(Instant.parse(tags(arn).get(RevisionTags.DEREGISTERED)).isAfter(Instant.now().minusSeconds(300)),
        "a mark for people");
    assertTrue(log.all().contains("already sent for this event id"), log.all());

    // Another event about the same revision and the same findings: a repeat, not alerted again within a day...
    event.with("detail").put("eventID", "11111111-2222-3333-4444-555555555555");
    invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);
    assertEquals(0, account.deliveredAlerts().size());
    assertTrue(log.all().contains("alerted less than 1d ago"), log.all());
    // ...unless repeats are asked for.
    event.with("detail").put("eventID", "11111111-2222-3333-4444-666666666666");
    invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_ALERT_REPEAT_AFTER", "0s"), event);
    assertEquals(1, account.deliveredAlerts().size());
  }

  /**
   * Act, then alert from the ledger: an attempt that deregistered the revision and then could not publish is
   * retried, and the alert that finally goes out names what ecs-guard did, never "already inactive".
   */
  @Test
  void aRetryAfterAFailedPublishAlertsTheDeregistrationEcsGuardMade() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);
    try (FaultProxy failing = new FaultProxy(MotoServer.get().endpoint());
        AwsClients failingClients = new AwsClients(failing.endpoint(), MotoServer.get().credentials())) {
      failing.fail("Publish", FaultProxy.Fault.sns(500, "InternalError"));
      assertThrows(TransientAwsException.class, () -> invoke(failingClients, Map.of("ECS_GUARD_MODE", "enforce"),
          event));
    }
    assertEquals("INACTIVE", account.status(arn), "the first attempt acted");
    assertEquals(List.of(), account.deliveredAlerts(), "and could not tell");

    String retry = invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    assertTrue(retry.contains("\"DEREGISTERED\""), retry);
    String alert = account.deliveredAlerts().get(0).path("Message").asText();
    assertTrue(alert.contains("by ecs-guard at"), alert);
    assertFalse(alert.contains("already INACTIVE"), alert);
  }

  /** A deregistration that failed is retried and done; the retry's alert says deregistered, once. */
  @Test
  void aRetryAfterAFailedDeregistrationDeregistersAndAlertsOnce() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);
    try (FaultProxy failing = new FaultProxy(MotoServer.get().endpoint());
        AwsClients failingClients = new AwsClients(failing.endpoint(), MotoServer.get().credentials())) {
      failing.fail("DeregisterTaskDefinition", FaultProxy.Fault.ecs(500, "ServerException"));
      assertThrows(TransientAwsException.class, () -> invoke(failingClients, Map.of("ECS_GUARD_MODE", "enforce"),
          event));
    }
    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts(), "nothing is alerted before the action is known");

    String retry = invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    assertTrue(retry.contains("\"DEREGISTERED\""), retry);
    assertEquals("INACTIVE", account.status(arn));
    assertEquals(1, account.deliveredAlerts().size());
  }

  /** The intended action cannot be recorded: nothing is done (an action the ledger does not know is invisible). */
  @Test
  void aLedgerThatCannotRecordTheIntentStopsTheActionAndTheRetryActs() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);
    try (FaultProxy failing = new FaultProxy(MotoServer.get().endpoint());
        AwsClients failingClients = new AwsClients(failing.endpoint(), MotoServer.get().credentials())) {
      failing.failWhen("PutItem", "intendedAt", FaultProxy.Fault.serverError("dynamodb"));
      assertThrows(TransientAwsException.class, () -> invoke(failingClients, Map.of("ECS_GUARD_MODE", "enforce"),
          event));
      assertEquals(0, failing.calls("DeregisterTaskDefinition"));
    }
    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts());

    String retry = invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    assertTrue(retry.contains("\"DEREGISTERED\""), retry);
    assertEquals(1, account.deliveredAlerts().size());
  }

  /** Deregistered, but its completion could not be recorded: the retry's alert still says ecs-guard did it. */
  @Test
  void aLedgerThatCannotRecordTheCompletionStillLetsTheRetryNameTheAction() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);
    try (FaultProxy failing = new FaultProxy(MotoServer.get().endpoint());
        AwsClients failingClients = new AwsClients(failing.endpoint(), MotoServer.get().credentials())) {
      failing.failWhen("PutItem", "doneAt", FaultProxy.Fault.serverError("dynamodb"));
      assertThrows(TransientAwsException.class, () -> invoke(failingClients, Map.of("ECS_GUARD_MODE", "enforce"),
          event));
    }
    assertEquals("INACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts());

    invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    String alert = account.deliveredAlerts().get(0).path("Message").asText();
    assertTrue(alert.contains("by ecs-guard at"), alert);
  }

  /** In a mode that enforces, an unusable policy fails the invocation (an alarm, the dead-letter queue). */
  @Test
  void anUnusablePolicyFailsLoudlyInEnforceModeAndIsReportedInAuditMode() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    RuntimeException loud = assertThrows(dev.ecsguard.policy.UnusablePolicyException.class, () -> invoke(
        Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_POLICY", "mode: enforce\nnotAKey: 1\n"), event));

    assertTrue(loud.getMessage().contains("does not fall back to auditing"), loud.getMessage());
    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts());
    String audited = invoke(Map.of("ECS_GUARD_MODE", "audit", "ECS_GUARD_POLICY", "notAKey: 1\n"), event);
    assertTrue(audited.contains("EVALUATED"), audited);
    assertEquals(1, account.deliveredAlerts().size());
  }

  @Test
  void tagsARegistrantWritesAreNeverReadAsEcsGuardsMemory() throws Exception {
    // Six other revisions of the family, pre-tagged as if ecs-guard had just deregistered them.
    for (int i = 0; i < 6; i++) {
      String forged = account.registerFrom(MotoAccount.event("register-task-definition-noncompliant.json"));
      account.ecs().tagResource(r -> r.resourceArn(forged).tags(t -> t.key(RevisionTags.DEREGISTERED)
          .value("2999-01-01T00:00:00Z"), t -> t.key("ecs-guard:alerted").value("00000000-forged")));
    }
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    String arn = account.registerFrom(event);

    String response = invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    assertTrue(response.contains("\"DEREGISTERED\""), response);
    assertEquals("INACTIVE", account.status(arn), "the forged tags did not trip the safety valve");
    assertEquals(1, account.deliveredAlerts().size());
  }

  @Test
  void theValveHoldsExactlyUnderEightConcurrentInvocationsOnOneFamily() throws Exception {
    List<ObjectNode> events = new java.util.ArrayList<>();
    List<String> arns = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
      event.with("detail").put("eventID", "00000000-0000-0000-0000-0000000000c" + i);
      arns.add(account.registerFrom(event));
      events.add(event);
    }
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<String>> responses = new java.util.ArrayList<>();
      for (ObjectNode event : events) {
        responses.add(threads.submit(() -> {
          start.await();
          return invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_SAFETY_VALVE", "3/1h"), event);
        }));
      }
      start.countDown();
      int deregistered = 0;
      int held = 0;
      for (java.util.concurrent.Future<String> response : responses) {
        String text = response.get(60, java.util.concurrent.TimeUnit.SECONDS);
        deregistered += text.contains("\"DEREGISTERED\"") ? 1 : 0;
        held += text.contains("SAFETY_VALVE") ? 1 : 0;
      }
      assertEquals(3, deregistered, "exactly the valve's bound, however the eight race");
      assertEquals(5, held);
      assertEquals(3, arns.stream().filter(arn -> account.status(arn).equals("INACTIVE")).count());
    } finally {
      threads.shutdownNow();
    }
  }

  /** The compliant sample with its containers' users removed: run-as-non-root (HIGH, restricted) is all it breaks. */
  private static ObjectNode rootOnly(String eventId) throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    event.with("detail").put("eventID", eventId);
    for (String part : List.of("requestParameters", "responseElements")) {
      JsonNode definition = part.equals("requestParameters") ? event.path("detail").path(part)
          : event.path("detail").path(part).path("taskDefinition");
      definition.path("containerDefinitions").forEach(container -> ((ObjectNode) container).put("user", "0"));
    }
    return event;
  }

  /** Baseline is enforced by default: a restricted finding, even HIGH, is alerted as such and never acted on. */
  @Test
  void aRestrictedFindingIsAlertedButNotEnforcedUnderBaselineAndIsUnderRestricted() throws Exception {
    ObjectNode baselineEvent = rootOnly("00000000-0000-0000-0000-0000000000b1");
    String kept = account.registerFrom(baselineEvent);

    String response = invoke(Map.of("ECS_GUARD_MODE", "enforce"), baselineEvent);

    assertEquals("ACTIVE", account.status(kept));
    assertTrue(response.contains("\"highestSeverity\":\"HIGH\"") && response.contains("\"NONE\""), response);
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size(), "the restricted finding is still alerted");
    String email = alerts.get(0).path("Message").asText();
    assertTrue(email.contains("[run-as-non-root, restricted, not enforced]"), email);
    assertTrue(email.contains("in the baseline profile (2 finding(s) of the restricted profile are reported, not "
        + "enforced)"), email);

    ObjectNode restrictedEvent = rootOnly("00000000-0000-0000-0000-0000000000b2");
    String deregistered = account.registerFrom(restrictedEvent);
    String enforced = invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_PROFILE", "restricted"), restrictedEvent);

    assertEquals("INACTIVE", account.status(deregistered), enforced);
    assertTrue(account.deliveredAlerts().get(0).path("Message").asText().contains("[run-as-non-root, restricted]\n"));
  }

  @Test
  void theSafetyValveHoldsAfterNActionsOnTheFamilyAcrossEnvironments() throws Exception {
    List<String> arns = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
      event.with("detail").put("eventID", "00000000-0000-0000-0000-00000000000" + i);
      arns.add(account.registerFrom(event));
      String response = invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_SAFETY_VALVE", "2/1h"), event);
      if (i < 2) {
        assertTrue(response.contains("\"DEREGISTERED\""), response);
      } else {
        assertTrue(response.contains("SAFETY_VALVE"), response);
        assertTrue(response.contains("safety valve engaged: 2 actions on legacy-worker in the last 1h"), response);
      }
    }
    assertEquals("INACTIVE", account.status(arns.get(0)));
    assertEquals("INACTIVE", account.status(arns.get(1)));
    assertEquals("ACTIVE", account.status(arns.get(2)), "beyond the valve nothing is done");
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(3, alerts.size());
    assertEquals("SAFETY_VALVE", alerts.get(2).path("MessageAttributes").path("action").path("Value").asText());
    assertTrue(alerts.get(2).path("Message").asText().contains("safety valve engaged"), "the alert says why");
  }

  @Test
  void runTaskStopStopsTheStartedFargateTaskWithTheRulesAsReasonAndKeepsTheRevision() throws Exception {
    MotoAccount.FargateRun fargate = account.startFargateTask();
    ObjectNode run = fargate.event();

    String response = invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_RUN_TASK_ACTION", "stop"), run);

    assertTrue(response.contains("\"STOPPED\""), response);
    Task task = account.ecs().describeTasks(r -> r.cluster("prod").tasks(fargate.taskArn())).tasks().get(0);
    assertEquals("STOPPED", task.desiredStatus());
    assertEquals("STOPPED", task.lastStatus());
    assertTrue(task.stoppedReason().startsWith("ecs-guard: ") && task.stoppedReason().contains("no-secrets-in-run-overrides"),
        task.stoppedReason());
    assertTrue(task.stoppedReason().length() <= 255);
    assertEquals("ACTIVE", account.status(fargate.definitionArn()), "a finding about the run keeps the revision");
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).path("Message").asText().contains("stopped 1 task"), alerts.get(0).path("Message").asText());
    assertFalse(Json.write(alerts.get(0)).contains("CANARY"), "no planted secret in the alert");

    // A retry (a stopped task is fine), and no second alert.
    String retry = invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_RUN_TASK_ACTION", "stop"), run);
    assertTrue(retry.contains("\"STOPPED\""), retry);
    assertEquals(List.of(), account.deliveredAlerts());
  }

  @Test
  void runTaskStopIsOffByDefaultAndDryRunOnlySaysWouldStop() throws Exception {
    MotoAccount.FargateRun fargate = account.startFargateTask();

    String off = invoke(Map.of("ECS_GUARD_MODE", "enforce"), fargate.event());
    assertTrue(off.contains("ECS_GUARD_RUN_TASK_ACTION=none"), off);
    ObjectNode again = fargate.event();
    again.with("detail").put("eventID", "99999999-0000-0000-0000-000000000001");
    String dry = invoke(Map.of("ECS_GUARD_MODE", "dry-run", "ECS_GUARD_RUN_TASK_ACTION", "stop"), again);
    assertTrue(dry.contains("WOULD_STOP") && dry.contains("would stop 1 task"), dry);

    Task task = account.ecs().describeTasks(r -> r.cluster("prod").tasks(fargate.taskArn())).tasks().get(0);
    assertEquals("RUNNING", task.desiredStatus());
  }

  /**
   * A forged RunTask event (anyone who may invoke the function can send one) names tasks it did not start: of another
   * revision of the same family, of another family, in another cluster, one that does not exist, one in another
   * account. ECS is asked which revision each runs, in which cluster, and none is stopped; the outcome counts why.
   * moto's DescribeTasks ignores the cluster (real ECS answers MISSING for another cluster's task), so case (c)
   * reaches the clusterArn check here, and the not-found path in AWS.
   */
  @Test
  void aForgedRunTaskEventStopsNoTaskItDidNotStart() throws Exception {
    MotoAccount.FargateRun fargate = account.startFargateTask();
    Forged forged = forgedTasks(fargate);
    ObjectNode event = withTasks(fargate.event(), forged.all());

    String response = invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_RUN_TASK_ACTION", "stop"), event);

    assertTrue(response.contains("\"NONE\""), response);
    assertTrue(response.contains("no task was stopped; not stopped: 1 not found in the event's cluster, 2 running "
        + "another revision, 1 in another cluster, 1 outside the event's account or region"), response);
    for (String task : forged.running()) {
      assertEquals("RUNNING", desiredStatus(task), task);
    }
    assertEquals("RUNNING", desiredStatus(fargate.taskArn()), "the genuine task was not named, so not stopped");
    assertFalse(tags(fargate.definitionArn()).containsKey(RevisionTags.STOPPED), "nothing stopped, nothing counted");
  }

  @Test
  void onlyTheGenuineTaskIsStoppedWhenTheEventNamesItAmongForgedOnesWithTheClusterAsAnArn() throws Exception {
    MotoAccount.FargateRun fargate = account.startFargateTask();
    Forged forged = forgedTasks(fargate);
    List<String> named = new java.util.ArrayList<>(forged.all());
    named.add(1, fargate.taskArn());
    ObjectNode event = withTasks(fargate.event(), named);
    ((ObjectNode) event.path("detail").path("requestParameters"))
        .put("cluster", "arn:aws:ecs:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":cluster/prod");

    String response = invoke(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_RUN_TASK_ACTION", "stop"), event);

    assertTrue(response.contains("\"STOPPED\""), response);
    assertTrue(response.contains("stopped 1 task started by this RunTask call"), response);
    assertTrue(response.contains("not stopped: 1 not found in the event's cluster, 2 running another revision, 1 in "
        + "another cluster, 1 outside the event's account or region"), response);
    assertEquals("STOPPED", desiredStatus(fargate.taskArn()));
    for (String task : forged.running()) {
      assertEquals("RUNNING", desiredStatus(task), task);
    }
  }

  // ------------------------------------------------------------------------------------------------ fixture

  /** Tasks a forged event may name: really running in moto (a, b, c), or not (d, e). */
  private record Forged(String otherRevision, String otherFamily, String otherCluster, String missing,
      String otherAccount) {
    List<String> all() {
      return List.of(otherRevision, otherFamily, otherCluster, missing, otherAccount);
    }

    List<String> running() {
      return List.of(otherRevision, otherFamily, otherCluster);
    }
  }

  private Forged forgedTasks(MotoAccount.FargateRun fargate) throws Exception {
    ObjectNode sameFamily = fargateRegistration();
    String otherRevision = account.registerFrom(sameFamily);
    ObjectNode otherFamily = fargateRegistration();
    ((ObjectNode) otherFamily.path("detail").path("requestParameters")).put("family", "someone-else");
    String otherFamilyArn = account.registerFrom(otherFamily);
    account.ecs().createCluster(r -> r.clusterName("staging"));
    String prefix = "arn:aws:ecs:" + MotoServer.REGION + ":";
    return new Forged(runTask(fargate, "prod", otherRevision), runTask(fargate, "prod", otherFamilyArn),
        runTask(fargate, "staging", fargate.definitionArn()),
        prefix + MotoServer.ACCOUNT + ":task/prod/0123456789abcdef0123456789abcdef",
        prefix + "210987654321:task/prod/0123456789abcdef0123456789abcdef");
  }

  /** The compliant sample's registration with a memory per container, as moto's Fargate RunTask needs. */
  private static ObjectNode fargateRegistration() throws IOException {
    ObjectNode registration = MotoAccount.event("register-task-definition.json");
    for (JsonNode container : registration.path("detail").path("requestParameters").path("containerDefinitions")) {
      if (!container.has("memory")) {
        ((ObjectNode) container).put("memory", 512);
      }
    }
    return registration;
  }

  /** Starts a task of {@code definitionArn} in {@code cluster}, on the genuine run's subnet and security group. */
  private String runTask(MotoAccount.FargateRun fargate, String cluster, String definitionArn) {
    JsonNode vpc = fargate.event().path("detail").path("requestParameters").path("networkConfiguration")
        .path("awsvpcConfiguration");
    String subnet = vpc.path("subnets").get(0).asText();
    String group = vpc.path("securityGroups").get(0).asText();
    return account.ecs().runTask(r -> r.cluster(cluster).taskDefinition(definitionArn).launchType("FARGATE")
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(group))))
        .tasks().get(0).taskArn();
  }

  /** The RunTask event with its response naming exactly these tasks. */
  private static ObjectNode withTasks(ObjectNode event, List<String> taskArns) {
    ObjectNode template = (ObjectNode) event.path("detail").path("responseElements").path("tasks").get(0);
    com.fasterxml.jackson.databind.node.ArrayNode tasks =
        ((ObjectNode) event.path("detail").path("responseElements")).putArray("tasks");
    for (String arn : taskArns) {
      tasks.add(template.deepCopy().put("taskArn", arn));
    }
    return event;
  }

  private String desiredStatus(String taskArn) {
    String cluster = taskArn.split("/")[1];
    return account.ecs().describeTasks(r -> r.cluster(cluster).tasks(taskArn)).tasks().get(0).desiredStatus();
  }

  private Map<String, String> tags(String arn) {
    Map<String, String> tags = new HashMap<>();
    account.ecs().listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }
}
