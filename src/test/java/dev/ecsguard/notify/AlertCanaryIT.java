package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.JarRunner;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The canary: distinct secret values planted in every place one can hide (environment, RunTask overrides,
 * command, entryPoint, log options, docker labels), each containing CANARY, run through the real handler against
 * moto and through the packaged jar; none may appear in any message form, attribute, log line, response, CLI
 * output or exception. Runs after {@code package} (failsafe), for the jar.
 */
@ExtendWith(MotoServer.Extension.class)
class AlertCanaryIT {

  @TempDir Path temp;

  /** Every output collected, by what it is, for one check at the end. */
  private final Map<String, String> outputs = new HashMap<>();

  @Test
  void noPlantedSecretReachesAnyOutput() throws Exception {
    MotoServer.get().reset();
    try (MotoAccount account = new MotoAccount(MotoServer.get());
        AwsClients clients = account.guardClients();
        SnsClient sns = SnsClient.builder().endpointOverride(MotoServer.get().endpoint())
            .region(Region.of(MotoServer.REGION)).credentialsProvider(MotoServer.get().credentials()).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(MotoServer.get().endpoint())
            .region(Region.of(MotoServer.REGION)).credentialsProvider(MotoServer.get().credentials()).build()) {
      account.createSampleLogGroupsAndImages();
      account.createSampleRolesAndSecrets();
      Map<String, String> env = new HashMap<>(Map.of("ECS_GUARD_MODE", "enforce"));
      List<String> queues = new ArrayList<>();
      for (String variable : List.of(AlertTopics.ALERTS, AlertTopics.REPORTS, AlertTopics.CHATBOT)) {
        String topic = sns.createTopic(r -> r.name(variable.toLowerCase().replace('_', '-'))).topicArn();
        env.put(variable, topic);
        for (boolean raw : List.of(true, false)) {
          String url = sqs.createQueue(r -> r.queueName(variable.toLowerCase().replace('_', '-') + "-" + raw)).queueUrl();
          String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes().get(QueueAttributeName.QUEUE_ARN);
          sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arn)
              .attributes(Map.of("RawMessageDelivery", Boolean.toString(raw))));
          queues.add(url);
        }
      }
      CapturedLog log = new CapturedLog();
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();

      ObjectNode registration = AlertFixtures.withCanaries();
      assertPlanted(registration);
      account.registerFrom(registration);
      outputs.put("handler response (RegisterTaskDefinition)", invoke(env, clients, log, stdout, registration));

      ObjectNode compliant = MotoAccount.event("register-task-definition.json");
      String compliantArn = account.registerFrom(compliant);
      ObjectNode run = AlertFixtures.runWithCanaries(compliantArn);
      outputs.put("handler response (RunTask)", invoke(env, clients, log, stdout, run));

      int messages = 0;
      for (String url : queues) {
        for (Message message : drain(sqs, url)) {
          messages++;
          outputs.put("SNS message " + messages + " (" + url + ")", message.body());
          outputs.put("SQS attributes " + messages, message.messageAttributes().toString());
        }
      }
      assertTrue(messages >= 12, "two alerts in three forms, raw and enveloped: " + messages);

      // A failure: the alerts topic does not exist. The exception, its causes and its stack trace.
      Map<String, String> broken = new HashMap<>(env);
      broken.put(AlertTopics.ALERTS, "arn:aws:sns:us-east-1:123456789012:no-such-topic");
      ObjectNode again = registration.deepCopy();
      ((ObjectNode) again.path("detail")).put("eventID", "5b0c6a52-0000-4000-8000-00000000ca4a"); // not a retry
      Exception failure = assertThrows(Exception.class, () -> invoke(broken, clients, log, stdout, again));
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      outputs.put("exception", trace.toString());

      outputs.put("log lines", log.all());
      outputs.put("handler stdout", stdout.toString(StandardCharsets.UTF_8));
    }

    // The CLI, offline, as users run it.
    Path event = Files.writeString(temp.resolve("event.json"), Json.write(AlertFixtures.withCanaries()));
    Path definition = Files.writeString(temp.resolve("definition.json"),
        Json.write(AlertFixtures.withCanaries().path("detail").path("requestParameters")));
    Path runEvent = Files.writeString(temp.resolve("run.json"),
        Json.write(AlertFixtures.runWithCanaries("arn:aws:ecs:us-east-1:123456789012:task-definition/legacy-worker:3")));
    List<List<String>> commands = List.of(
        List.of("invoke", event.toString()),
        List.of("invoke", "--format", "json", "--verbose", event.toString()),
        List.of("invoke", "--task-definition", definition.toString(), "--verbose", runEvent.toString()),
        List.of("lint", definition.toString()),
        List.of("lint", "--format", "json", definition.toString()));
    for (List<String> command : commands) {
      JarRunner.Result result = new JarRunner().run(command.toArray());
      assertFalse(result.timedOut(), String.join(" ", command));
      outputs.put("stdout of ecs-guard " + String.join(" ", command), result.stdout());
      outputs.put("stderr of ecs-guard " + String.join(" ", command), result.stderr());
      assertFalse(result.hasStackTrace(), "no stack trace: " + String.join(" ", command));
    }

    for (Map.Entry<String, String> output : outputs.entrySet()) {
      for (String planted : AlertFixtures.PLANTED) {
        assertFalse(output.getValue().contains(planted), "a planted secret leaked into " + output.getKey());
      }
      Canaries.assertNone(output.getKey(), output.getValue());
    }
  }

  private static void assertPlanted(ObjectNode event) {
    String json = Json.write(event);
    for (String planted : AlertFixtures.PLANTED.subList(0, 6)) {
      assertTrue(json.contains(planted), "the fixture plants " + planted.substring(0, 12));
    }
  }

  private static String invoke(Map<String, String> env, AwsClients clients, CapturedLog log, ByteArrayOutputStream stdout,
      ObjectNode event) throws Exception {
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, clients, log,
        new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req-canary"));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<Message> drain(SqsClient sqs, String url) {
    List<Message> messages = new ArrayList<>();
    while (true) {
      List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
          .messageAttributeNames("All")).messages();
      if (batch.isEmpty()) {
        return messages;
      }
      for (Message message : batch) {
        messages.add(message);
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
  }
}
