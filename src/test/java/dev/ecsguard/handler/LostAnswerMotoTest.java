package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Kind;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults where AWS acted and only its answer was lost (held past the client's timeout, or the connection reset after
 * the request was forwarded). What ecs-guard can guarantee there, and what it cannot:
 * <ul>
 *   <li>DeregisterTaskDefinition is idempotent in effect: the SDK sends the request again, ECS finds the revision
 *       already INACTIVE, and the outcome, the alert and the revision are as if the answer had arrived. The request
 *       reaches ECS twice; the revision is deregistered once.
 *   <li>SNS Publish is not idempotent, and a standard topic does not deduplicate: when SNS accepted a message whose
 *       answer was lost, the SDK's retry publishes it again. Nothing tells the function that the first one went out,
 *       so the guarantee is at least once: never lost, duplicated in this case only. (A FIFO topic's deduplication id
 *       would close the gap, but FIFO topics deliver to SQS only, not to email or Chatbot.)
 * </ul>
 */
@ExtendWith(MotoServer.Extension.class)
class LostAnswerMotoTest {

  private MotoAccount account;
  private FaultProxy proxy;
  private AwsClients clients;
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
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(Map.of("ECS_GUARD_MODE", "enforce",
        "ECS_GUARD_TOPIC_ARN", topicArn, "ECS_GUARD_METRICS", "off"), clients, new CapturedLog(), System.out));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req"));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLostDeregistrationAnswerIsHarmlessTheRevisionIsDeregisteredOnceAndAlertedOnce() throws Exception {
    proxy.schedule("DeregisterTaskDefinition", Kind.RESET_AFTER_FORWARD, 1, 0, 1);

    String response = invoke();

    assertEquals("INACTIVE", account.status(arn));
    assertEquals(2, proxy.forwarded("DeregisterTaskDefinition"), "the SDK sent the same request again");
    assertTrue(response.contains("DEREGISTERED") || response.contains("ALREADY_INACTIVE"), response);
    assertEquals(1, account.deliveredAlerts().size());
  }

  @Test
  void aLostPublishAnswerIsNeverALostAlertButCanBeADuplicate() throws Exception {
    proxy.schedule("Publish", Kind.RESET_AFTER_FORWARD, 1, 0, 1);

    invoke();

    assertEquals(2, proxy.forwarded("Publish"), "SNS received the message twice");
    assertEquals(2, account.deliveredAlerts().size(), "the documented limit: at least once, here twice");
    assertEquals("INACTIVE", account.status(arn));
  }

  @Test
  void aPublishThatNeverReachedSnsIsSentOnceByTheSdkRetry() throws Exception {
    proxy.schedule("Publish", Kind.RESET_BEFORE_FORWARD, 1, 0, 1);

    invoke();

    assertEquals(1, proxy.forwarded("Publish"));
    assertEquals(1, account.deliveredAlerts().size());
  }
}
