package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Fault;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures moto cannot produce, injected by a proxy in front of it: throttling and 5xx fail the invocation
 * so the event is retried; access denied is reported once; nothing is deregistered on a partial flow, and
 * a retry after a lost alert neither acts twice nor loses the alert.
 */
@ExtendWith(MotoServer.Extension.class)
class FailureHandlingMotoTest {

  private MotoAccount account;
  private FaultProxy proxy;
  private AwsClients clients;
  private CapturedLog log;
  private String topicArn;
  private ObjectNode event;
  private String arn;

  @BeforeEach
  void setUp() throws Exception {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    topicArn = account.createAlertsTopic();
    proxy = new FaultProxy(MotoServer.get().endpoint());
    clients = new AwsClients(proxy.endpoint(), MotoServer.get().credentials());
    log = new CapturedLog();
    event = MotoAccount.event("register-task-definition-noncompliant.json");
    arn = account.registerFrom(event);
  }

  @AfterEach
  void tearDown() {
    clients.close();
    proxy.close();
    account.close();
  }

  private String invoke() throws IOException {
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(
        Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_TOPIC_ARN", topicArn), clients, log, System.out));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req"));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void throttledDescribeFailsTheInvocationForARetryAndChangesNothing() throws Exception {
    proxy.fail("DescribeTaskDefinition", Fault.ecs(400, "ThrottlingException"));

    TransientAwsException failure = assertThrows(TransientAwsException.class, this::invoke);

    assertTrue(failure.getMessage().contains("ThrottlingException"), failure.getMessage());
    assertTrue(proxy.calls("DescribeTaskDefinition") > 1, "the SDK retried before giving up");
    assertEquals(0, proxy.calls("DeregisterTaskDefinition"));
    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts());
  }

  /** An unknown fact never cancels a certain finding: the revision is deregistered at once, the gap reported. */
  @Test
  void aThrottledLookupDoesNotHoldBackCertainFindingsInEnforceMode() throws Exception {
    proxy.fail("DescribeLogGroups", Fault.ecs(400, "ThrottlingException"));

    String response = invoke();

    assertTrue(response.contains("\"DEREGISTERED\""), response);
    assertEquals("INACTIVE", account.status(arn));
    String alert = account.deliveredAlerts().get(0).path("Message").asText();
    assertTrue(alert.contains("throttled"), "the alert says what could not be verified: " + alert);
  }

  /**
   * Without a certain finding that acts, a fact left unknown for a transient reason could itself have been the
   * finding: the event fails for a retry before anything is done or sent, and the retry decides on the whole view.
   */
  @Test
  void aThrottledLookupWithoutACertainFindingToActOnFailsTheEventForARetry() throws Exception {
    event = MotoAccount.event("register-task-definition.json");
    arn = account.registerFrom(event);
    proxy.fail("DescribeLogGroups", Fault.ecs(400, "ThrottlingException"));

    TransientAwsException failure = assertThrows(TransientAwsException.class, this::invoke);

    assertTrue(failure.getMessage().contains("evaluation incomplete") && failure.getMessage().contains("throttled"),
        failure.getMessage());
    assertEquals(0, proxy.calls("DeregisterTaskDefinition"));
    assertEquals(List.of(), account.deliveredAlerts(), "no alert saying 'not enforced' that the retry would contradict");

    proxy.close();
    proxy = new FaultProxy(MotoServer.get().endpoint());
    clients.close();
    clients = new AwsClients(proxy.endpoint(), MotoServer.get().credentials());
    String retry = invoke();

    assertTrue(retry.contains("EVALUATED"), retry);
    assertEquals("ACTIVE", account.status(arn), "a missing log group may be a deploy race: reported, not enforced");
    assertEquals(1, account.deliveredAlerts().size());
  }

  @Test
  void aThrottledLookupInAuditModeIsReportedAsIncompleteNotRetried() throws Exception {
    proxy.fail("DescribeLogGroups", Fault.ecs(400, "ThrottlingException"));
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(
        Map.of("ECS_GUARD_MODE", "audit", "ECS_GUARD_TOPIC_ARN", topicArn), clients, log, System.out));

    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), new FakeContext("req"));

    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).path("Message").asText().contains("throttled"), "the report says what it could not verify");
  }

  @Test
  void aServerErrorIsTransientToo() throws Exception {
    proxy.fail("DescribeTaskDefinition", Fault.ecs(500, "ServerException"));

    assertThrows(TransientAwsException.class, this::invoke);
    assertEquals("ACTIVE", account.status(arn));
  }

  @Test
  void accessDeniedIsReportedOnceWithThePermissionAndNotRetried() throws Exception {
    proxy.fail("DescribeTaskDefinition", Fault.ecs(400, "AccessDeniedException"));

    String response = invoke();

    assertTrue(response.contains("UNUSABLE"), response);
    assertTrue(log.all().contains("ecs:DescribeTaskDefinition"), "the log names the missing permission");
    assertEquals(1, proxy.calls("DescribeTaskDefinition"), "a permanent failure is not retried");
    assertEquals("ACTIVE", account.status(arn));
  }

  @Test
  void aFailedDeregistrationFailsTheInvocationAndSendsNoAlertYet() throws Exception {
    proxy.fail("DeregisterTaskDefinition", Fault.ecs(400, "ThrottlingException"));

    assertThrows(TransientAwsException.class, this::invoke);

    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts(), "the retry will alert with what it did");
  }

  @Test
  void aLostAlertIsSentByTheRetryWhichDoesNotActTwice() throws Exception {
    proxy.fail("Publish", Fault.sns(400, "Throttling"));

    assertThrows(TransientAwsException.class, this::invoke);
    assertEquals("INACTIVE", account.status(arn));
    assertEquals(List.of(), account.deliveredAlerts());

    // The retry comes later through a healthy network.
    proxy.close();
    proxy = new FaultProxy(MotoServer.get().endpoint());
    clients.close();
    clients = new AwsClients(proxy.endpoint(), MotoServer.get().credentials());

    String retry = invoke();

    assertTrue(retry.contains("ALREADY_INACTIVE"), retry);
    assertEquals(0, proxy.calls("DeregisterTaskDefinition"), "the retry saw INACTIVE and did not act again");
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertFalse(alerts.get(0).path("Message").asText().isEmpty());
  }
}
