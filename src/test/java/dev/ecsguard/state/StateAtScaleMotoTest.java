package dev.ecsguard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import dev.ecsguard.testing.ScaledAccount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Enforcement in accounts with many families (issue 13): the task role inventory is read in one query, so neither a
 * certain finding's enforcement nor the sharing check depends on how many families the account has; before the
 * first sweep, certain findings still enforce and the role check says the inventory is being built.
 */
@ExtendWith(MotoServer.Extension.class)
class StateAtScaleMotoTest {

  private static final String ACCOUNT = MotoServer.ACCOUNT;
  private static final String REGION = MotoServer.REGION;
  private static final String SHARED = "arn:aws:iam::" + ACCOUNT + ":role/shared-task";

  private MotoAccount account;
  private String topicArn;
  private Map<String, String> env;
  private FaultProxy proxy;
  private AwsClients clients;
  private CapturedLog log;

  @BeforeEach
  void freshAccount() throws Exception {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    topicArn = account.createAlertsTopic();
    env = new HashMap<>(account.stateTable());
    env.put("ECS_GUARD_TOPIC_ARN", topicArn);
    proxy = new FaultProxy(MotoServer.get().endpoint());
    clients = new AwsClients(proxy.endpoint(), MotoServer.get().credentials());
    log = new CapturedLog();
  }

  @AfterEach
  void close() {
    clients.close();
    proxy.close();
    account.close();
  }

  private String invoke(String mode, ObjectNode event) throws Exception {
    Map<String, String> withMode = new HashMap<>(env);
    withMode.put("ECS_GUARD_MODE", mode);
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(withMode, clients, log,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req"));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The scheduled sweep, straight against moto (the proxy counts only what events ask). */
  private InventorySweep.Result sweep() {
    try (AwsClients direct = new AwsClients(MotoServer.get().endpoint(), MotoServer.get().credentials())) {
      StateStore state = StateStore.fromEnvironment(env, direct);
      return new InventorySweep(direct, state.roles(), Clock.systemUTC(), () -> { })
          .run(ACCOUNT, REGION, Instant.now().plusSeconds(600));
    }
  }

  private String onlyAlert() throws Exception {
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size(), log.all());
    return alerts.get(0).path("Message").asText();
  }

  @Test
  void in150FamiliesAPrivilegedDefinitionIsDeregisteredWithoutOneEcsListCall() throws Exception {
    ScaledAccount.registerFamilies(account, "svc", 150, Set.of(), SHARED);
    InventorySweep.Result swept = sweep();
    assertTrue(swept.completed());
    assertEquals(150, swept.families());
    ObjectNode event = ScaledAccount.registration(account, "web", "arn:aws:iam::" + ACCOUNT + ":role/web-task", true);
    String arn = event.path("detail").path("responseElements").path("taskDefinition").path("taskDefinitionArn")
        .asText();

    String response = invoke("enforce", event);

    assertTrue(response.contains("\"DEREGISTERED\""), response);
    assertEquals("INACTIVE", account.status(arn));
    assertEquals(0, proxy.calls("ListTaskDefinitionFamilies"), "nothing in an event's path lists the account");
    assertEquals(1, proxy.calls("DescribeTaskDefinition"), "the evaluated revision only");
    assertEquals(1, proxy.calls("Query"), "the inventory: one query");
    String alert = onlyAlert();
    assertFalse(alert.contains("task-role-not-shared"), alert);
    assertFalse(alert.contains("incomplete"), alert);
  }

  @Test
  void aRoleSharedByThreeOf400FamiliesIsAFindingNotAnInfo() throws Exception {
    ScaledAccount.registerFamilies(account, "svc", 400, Set.of(17, 250, 399), SHARED);
    assertTrue(sweep().completed());
    ObjectNode event = ScaledAccount.registration(account, "svc-399", SHARED, false);

    invoke("audit", event);

    String alert = onlyAlert();
    assertTrue(alert.contains("task-role-not-shared"), alert);
    assertTrue(alert.contains("2 other families") && alert.contains("svc-17") && alert.contains("svc-250"), alert);
    assertEquals(0, proxy.calls("ListTaskDefinitionFamilies"));
  }

  @Test
  void beforeTheFirstSweepCertainFindingsEnforceAndTheRoleCheckSaysTheInventoryIsBeingBuilt() throws Exception {
    ScaledAccount.registerFamilies(account, "svc", 20, Set.of(), SHARED);
    ObjectNode event = ScaledAccount.registration(account, "web", "arn:aws:iam::" + ACCOUNT + ":role/web-task", true);
    String arn = event.path("detail").path("responseElements").path("taskDefinition").path("taskDefinitionArn")
        .asText();

    String response = invoke("enforce", event);

    assertTrue(response.contains("\"DEREGISTERED\""), response);
    assertEquals("INACTIVE", account.status(arn), "a certain finding enforces whatever the inventory knows");
    String alert = onlyAlert();
    assertTrue(alert.contains("the first sweep has not completed"), alert);
    assertTrue(alert.contains("being built"), alert);
  }

  @Test
  void registrationsAndDeregistrationsKeepTheInventoryCurrentBetweenSweeps() throws Exception {
    assertTrue(sweep().completed(), "an empty account: the inventory is complete");
    ObjectNode api = ScaledAccount.registration(account, "api", SHARED, false);
    invoke("audit", api);
    account.deliveredAlerts();

    ObjectNode worker = ScaledAccount.registration(account, "worker", SHARED, false);
    invoke("audit", worker);
    String second = onlyAlert();
    assertTrue(second.contains("task-role-not-shared") && second.contains("1 other family") && second.contains("api"),
        second);

    String apiArn = api.path("detail").path("responseElements").path("taskDefinition").path("taskDefinitionArn")
        .asText();
    account.ecs().deregisterTaskDefinition(r -> r.taskDefinition(apiArn));
    String kept = invoke("audit", ScaledAccount.deregistration(apiArn));
    assertTrue(kept.contains("SKIPPED") && kept.contains("inventory"), kept);
    assertEquals(List.of(), account.deliveredAlerts(), "a deregistration is not alerted");

    ObjectNode cron = ScaledAccount.registration(account, "cron", SHARED, false);
    invoke("audit", cron);
    String third = onlyAlert();
    assertTrue(third.contains("1 other family") && third.contains("worker") && !third.contains("api"), third);
  }

  @Test
  void anInterruptedSweepResumesWhereItStoppedAndCompletes() throws Exception {
    ScaledAccount.registerFamilies(account, "svc", 250, Set.of(3, 249), SHARED);
    try (AwsClients direct = new AwsClients(MotoServer.get().endpoint(), MotoServer.get().credentials())) {
      RoleInventory inventory = StateStore.fromEnvironment(env, direct).roles();
      // The clock passes the deadline once the first page (1 list, 100 describes) is done: the run saves its cursor
      // there, and the next run starts from it.
      Instant deadline = Instant.now().plusSeconds(600);
      java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
          Instant.now());
      Clock moving = new Clock() {
        @Override public Instant instant() { return now.get(); }
        @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      };
      int[] calls = {0};
      InventorySweep.Result first = new InventorySweep(direct, inventory, moving, () -> {
        if (++calls[0] >= 101) {
          now.set(deadline.plusSeconds(1));
        }
      }).run(ACCOUNT, REGION, deadline);
      assertFalse(first.completed(), first.toString());
      assertEquals(100, first.families(), "one page");
      assertTrue(inventory.completedSweep(ACCOUNT, REGION).isEmpty());
      InventorySweep.Result second = new InventorySweep(direct, inventory, Clock.systemUTC(), () -> { })
          .run(ACCOUNT, REGION, Instant.now().plusSeconds(600));
      assertTrue(second.completed(), second.toString());
      assertEquals(250, first.families() + second.families(), "no family swept twice, none missed");
      assertEquals(List.of("svc-3"), inventory.familiesUsing(ACCOUNT, REGION, "shared-task", "svc-249"));
    }
  }
}
