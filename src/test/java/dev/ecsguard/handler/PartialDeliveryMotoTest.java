package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An alert goes out in three forms, one topic each. When the third fails after the first two went out, the
 * invocation fails (the event is retried), and the retry sends only the missing form: nobody gets an email twice.
 */
@ExtendWith(MotoServer.Extension.class)
class PartialDeliveryMotoTest {

  @Test
  void aRetryAfterAPartialDeliverySendsOnlyTheFormsThatDidNotGoOut() throws Exception {
    partialDeliveryThenRetry(proxy -> { });
  }

  /**
   * The alert ledger's record of what went out is the retry's only memory: its first write failing (every attempt
   * of the SDK call) must not make the retry send the first two forms again. (The event's first UpdateItem is the
   * task role inventory's; the second is the alert ledger's.)
   */
  @Test
  void aLedgerWriteThatFailsOnceIsWrittenAgainAndTheRetryStillSendsOnlyTheRest() throws Exception {
    partialDeliveryThenRetry(proxy -> proxy.schedule("UpdateItem", FaultProxy.Kind.SERVER_ERROR, 1000, 1, 99));
  }

  private void partialDeliveryThenRetry(java.util.function.Consumer<FaultProxy> moreFaults) throws Exception {
    MotoServer moto = MotoServer.get();
    moto.reset();
    try (MotoAccount account = new MotoAccount(moto);
        SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(moto.credentials()).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(moto.credentials()).build()) {
      Map<String, String> topics = new HashMap<>();
      Map<String, String> queues = new HashMap<>();
      for (String form : new String[] {"alerts", "reports", "chat"}) {
        String topic = sns.createTopic(r -> r.name("guard-" + form)).topicArn();
        String queue = sqs.createQueue(r -> r.queueName("inbox-" + form)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
        topics.put(form, topic);
        queues.put(form, queue);
      }
      ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
      String arn = account.registerFrom(event);
      Map<String, String> env = new HashMap<>(Map.of("ECS_GUARD_TOPIC_ARN", topics.get("alerts"),
          "ECS_GUARD_REPORT_TOPIC_ARN", topics.get("reports"), "ECS_GUARD_CHATBOT_TOPIC_ARN", topics.get("chat")));
      env.putAll(account.stateTable());

      try (FaultProxy failing = new FaultProxy(moto.endpoint());
          AwsClients clients = new AwsClients(failing.endpoint(), moto.credentials())) {
        failing.failWhen("Publish", "guard-chat", Fault.sns(400, "Throttling"));
        moreFaults.accept(failing);
        assertThrows(TransientAwsException.class, () -> invoke(env, clients, event));
      }
      assertEquals(Map.of("alerts", 1, "reports", 1, "chat", 0), delivered(sqs, queues), "two of three went out");

      try (AwsClients clients = new AwsClients(moto.endpoint(), moto.credentials())) {
        invoke(env, clients, event);
      }
      assertEquals(Map.of("alerts", 0, "reports", 0, "chat", 1), delivered(sqs, queues), "the retry sends only the rest");
      try (AwsClients clients = new AwsClients(moto.endpoint(), moto.credentials())) {
        invoke(env, clients, event);
      }
      assertEquals(Map.of("alerts", 0, "reports", 0, "chat", 0), delivered(sqs, queues),
          "every form is out now: a further retry sends nothing");
    }
  }

  private static void invoke(Map<String, String> env, AwsClients clients, ObjectNode event) throws Exception {
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, clients, new CapturedLog(), System.out));
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), new FakeContext("req"));
  }

  private static Map<String, Integer> delivered(SqsClient sqs, Map<String, String> queues) {
    Map<String, Integer> counts = new HashMap<>();
    queues.forEach((form, queue) -> {
      int count = 0;
      while (true) {
        var batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
        if (batch.isEmpty()) {
          break;
        }
        count += batch.size();
        batch.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle())));
      }
      counts.put(form, count);
    });
    return counts;
  }
}
