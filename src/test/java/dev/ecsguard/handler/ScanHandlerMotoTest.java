package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.state.StateStore;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled scan against moto, through its Lambda entry point: one unit (account and region) per invocation,
 * resumed across invocations, alerting each revision and set of findings once (read from SNS through SQS), acting
 * only when ECS_GUARD_SCAN_ENFORCE says so.
 */
@ExtendWith(MotoServer.Extension.class)
class ScanHandlerMotoTest {

  private MotoAccount account;
  private AwsClients clients;
  private Map<String, String> env;
  private CapturedLog log;
  private String legacy;

  @BeforeEach
  void accountWithThreeFamilies() throws Exception {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    clients = account.guardClients();
    env = new HashMap<>(account.stateTable());
    env.put("ECS_GUARD_TOPIC_ARN", account.createAlertsTopic());
    env.put("ECS_GUARD_MODE", "enforce");
    log = new CapturedLog();
    account.registerFrom(MotoAccount.event("register-task-definition.json"));
    legacy = account.registerFrom(MotoAccount.event("register-task-definition-noncompliant.json"));
    ObjectNode shared = MotoAccount.event("register-task-definition-shared-role.json");
    ((ObjectNode) shared.path("detail").path("requestParameters").path("containerDefinitions").get(1))
        .put("memory", 256);
    account.registerFrom(shared);
    new InventorySweep(clients, StateStore.fromEnvironment(env, clients).roles(), Clock.systemUTC(), () -> { })
        .run(MotoServer.ACCOUNT, MotoServer.REGION, Instant.now().plusSeconds(60));
  }

  @AfterEach
  void close() {
    clients.close();
    account.close();
  }

  /** A Lambda context with this much time left. */
  private static Context remaining(int millis) {
    FakeContext fake = new FakeContext("req");
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? millis
            : method.invoke(fake, args));
  }

  private JsonNode invoke(AwsClients with, String input, Context context) throws IOException {
    // A new handler each time: a new execution environment, sharing nothing in memory.
    ScanHandler handler = new ScanHandler(with, env, log, Clock.systemUTC(), () -> { });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  /** A whole scan with plenty of time: one invocation. */
  private JsonNode sweep() throws IOException {
    JsonNode answer = invoke(clients, "{}", remaining(900_000));
    assertTrue(answer.path("completed").asBoolean(), answer.toString());
    return answer;
  }

  private Set<String> alertedRevisions() throws IOException {
    Set<String> revisions = new TreeSet<>();
    for (JsonNode alert : account.deliveredAlerts()) {
      String message = alert.path("Message").asText();
      for (String name : List.of("payments-api:1", "legacy-worker:1", "legacy-worker:2", "batch-report:1")) {
        // The name as the alert gives the revision (an image tag such as legacy-worker:2.3 is not it).
        if (java.util.regex.Pattern.compile("(?<![\\w/-])" + name + "(?![\\d.])").matcher(message).find()) {
          assertTrue(revisions.add(name), "one alert per revision: " + name);
        }
      }
    }
    return revisions;
  }

  @Test
  void aScanLongerThanOneInvocationResumesAndAlertsEachRevisionOnceEver() throws Exception {
    // 30 s left, less than the minute kept for saving: every invocation does one family and stops.
    int invocations = 0;
    JsonNode answer;
    int families = 0;
    do {
      answer = invoke(clients, "", new FakeContext("req"));
      invocations++;
      families += answer.path("families").asInt();
    } while (!answer.path("completed").asBoolean() && invocations < 10);

    assertEquals(3, invocations, "one family per invocation, resumed where the last stopped");
    assertEquals(3, families, "each family once");
    assertEquals(Set.of("legacy-worker:1", "batch-report:1"), alertedRevisions(), "the compliant one is not alerted");
    assertEquals("ACTIVE", account.status(legacy), "the scheduled scan reports unless ECS_GUARD_SCAN_ENFORCE=true");

    // The next day's scan: the same findings on the same revisions are not alerted again.
    JsonNode again = sweep();
    assertEquals(3, again.path("revisions").asInt());
    assertEquals(Set.of(), alertedRevisions());
    assertTrue(log.all().contains("alerted less than 90d ago; not sent again"), log.all());

    // A new non-compliant revision is alerted at once; the others still are not.
    account.registerFrom(MotoAccount.event("register-task-definition-noncompliant.json"));
    sweep();
    assertEquals(Set.of("legacy-worker:2"), alertedRevisions());
  }

  @Test
  void aFailedRunResumesWithTheRevisionThatFailedAndAlertsNothingTwice() throws Exception {
    try (FaultProxy proxy = new FaultProxy(MotoServer.get().endpoint());
        AwsClients throttled = new AwsClients(proxy.endpoint(), MotoServer.get().credentials())) {
      proxy.failWhen("DescribeTaskDefinition", "batch-report", FaultProxy.Fault.throttling("ecs"));
      assertThrows(TransientAwsException.class, () -> invoke(throttled, "{}", remaining(900_000)));
    }
    assertEquals(Set.of("legacy-worker:1"), alertedRevisions(), "what was scanned before the failure was alerted");

    JsonNode resumed = sweep();

    assertEquals(1, resumed.path("revisions").asInt(), "resumed with batch-report, the one that failed");
    assertEquals(Set.of("batch-report:1"), alertedRevisions());
  }

  @Test
  void withScanEnforcementTheScheduledScanActsAsThePolicySays() throws Exception {
    env.put(ScanHandler.ENFORCE, "true");

    JsonNode answer = sweep();

    assertEquals("INACTIVE", account.status(legacy));
    assertEquals(1, answer.path("actions").path("DEREGISTERED").asInt(), answer.toString());
    List<JsonNode> alerts = account.deliveredAlerts();
    assertTrue(alerts.stream().anyMatch(a -> a.path("Message").asText().contains("legacy-worker:1")
        && a.path("Message").asText().toLowerCase(java.util.Locale.ROOT).contains("deregistered")), alerts.toString());
  }

  @Test
  void theUnitComesFromTheInput() throws Exception {
    JsonNode elsewhere = invoke(clients, "{\"region\": \"eu-west-1\", \"completed\": false}", remaining(900_000));
    assertEquals("eu-west-1", elsewhere.path("region").asText());
    assertEquals(0, elsewhere.path("revisions").asInt(), "nothing registered there");
    assertThrows(IllegalArgumentException.class,
        () -> invoke(clients, "{\"account\": \"210987654321\"}", remaining(900_000)));
    assertThrows(IllegalArgumentException.class, () -> ScanHandler.enforceFromEnvironment(Map.of(ScanHandler.ENFORCE,
        "yes")));
  }
}
