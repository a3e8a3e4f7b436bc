package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.handler.GuardHandler;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real handler publishing the three forms of an alert to three moto topics, read back from SQS
 * subscribers: raw and enveloped, with their attributes, through a filter policy, and at 200 containers.
 */
@ExtendWith(MotoServer.Extension.class)
class AlertsMotoTest {

  /** A subscriber: its queue and whether SNS delivers raw messages to it. */
  record Inbox(String queueUrl, boolean raw) {}

  private MotoAccount account;
  private AwsClients clients;
  private SnsClient sns;
  private SqsClient sqs;
  private CapturedLog log;
  private final Map<String, String> topics = new HashMap<>();
  private final Map<String, Inbox> inboxes = new HashMap<>();

  @BeforeEach
  void topicsAndSubscribers() throws IOException {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    clients = account.guardClients();
    log = new CapturedLog();
    sns = SnsClient.builder().endpointOverride(MotoServer.get().endpoint()).region(Region.of(MotoServer.REGION))
        .credentialsProvider(MotoServer.get().credentials()).build();
    sqs = SqsClient.builder().endpointOverride(MotoServer.get().endpoint()).region(Region.of(MotoServer.REGION))
        .credentialsProvider(MotoServer.get().credentials()).build();
    for (String form : List.of("email", "report", "chatbot")) {
      String topic = sns.createTopic(r -> r.name("ecs-guard-" + form)).topicArn();
      topics.put(form, topic);
      subscribe(form + "-raw", topic, true, null);
      subscribe(form + "-enveloped", topic, false, null);
    }
    subscribe("email-critical-only", topics.get("email"), false, "{\"severity\": [\"CRITICAL\"]}");
  }

  @AfterEach
  void close() {
    clients.close();
    account.close();
    sns.close();
    sqs.close();
  }

  private void subscribe(String name, String topicArn, boolean raw, String filterPolicy) {
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    Map<String, String> attributes = new HashMap<>();
    attributes.put("RawMessageDelivery", Boolean.toString(raw));
    if (filterPolicy != null) {
      attributes.put("FilterPolicy", filterPolicy);
      attributes.put("FilterPolicyScope", "MessageAttributes");
    }
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(arn).attributes(attributes));
    inboxes.put(name, new Inbox(url, raw));
  }

  private String invoke(ObjectNode event) {
    Map<String, String> env = Map.of("ECS_GUARD_MODE", "audit", AlertTopics.ALERTS, topics.get("email"),
        AlertTopics.REPORTS, topics.get("report"), AlertTopics.CHATBOT, topics.get("chatbot"));
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, clients, log,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
          new FakeContext("req-alerts"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<Message> drain(String inbox) {
    String url = inboxes.get(inbox).queueUrl();
    List<Message> messages = new ArrayList<>();
    while (true) {
      List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
          .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
      if (batch.isEmpty()) {
        return messages;
      }
      for (Message message : batch) {
        messages.add(message);
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
  }

  /** The one message in an inbox as SNS's envelope (raw deliveries are wrapped the same way for comparison). */
  private JsonNode only(String inbox) throws IOException {
    List<Message> messages = drain(inbox);
    assertEquals(1, messages.size(), inbox + ": one message per event");
    Message message = messages.get(0);
    if (!inboxes.get(inbox).raw()) {
      return Json.MAPPER.readTree(message.body());
    }
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.put("Message", message.body());
    ObjectNode attributes = envelope.putObject("MessageAttributes");
    message.messageAttributes().forEach((name, value) ->
        attributes.putObject(name).put("Type", value.dataType()).put("Value", value.stringValue()));
    return envelope;
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode registeredNoncompliant() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    account.registerFrom(event);
    return event;
  }

  @Test
  void eachFormReachesItsSubscribersRawAndEnvelopedWithTheAttributes() throws Exception {
    invoke(registeredNoncompliant());

    for (String mode : List.of("raw", "enveloped")) {
      JsonNode email = only("email-" + mode);
      JsonNode report = only("report-" + mode);
      JsonNode chat = only("chatbot-" + mode);

      String text = email.path("Message").asText();
      assertTrue(text.startsWith("CRITICAL: legacy-worker:"), mode + ": " + text.lines().findFirst().orElse(""));
      assertTrue(text.contains("Open the revision: https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/"));
      JsonNode json = Json.MAPPER.readTree(report.path("Message").asText());
      assertEquals(JsonReport.SCHEMA, json.path("schema").asText(), mode);
      assertEquals("CRITICAL", json.path("highestSeverity").asText());
      JsonNode notification = Json.MAPPER.readTree(chat.path("Message").asText());
      assertEquals("1.0", notification.path("version").asText(), mode);
      assertEquals("custom", notification.path("source").asText());
      assertEquals(ChatbotReport.EVENT_TYPE, notification.path("metadata").path("eventType").asText());

      for (JsonNode message : List.of(email, report, chat)) {
        JsonNode attributes = message.path("MessageAttributes");
        assertEquals("CRITICAL", attributes.path("severity").path("Value").asText(), mode + ": " + attributes);
        assertEquals("String.Array", attributes.path("rules").path("Type").asText());
        assertTrue(attributes.path("rules").path("Value").asText().contains("\"disallow-privileged\""));
        assertEquals("legacy-worker", attributes.path("family").path("Value").asText());
        assertEquals("123456789012", attributes.path("account").path("Value").asText());
        assertEquals("us-east-1", attributes.path("region").path("Value").asText());
        assertEquals("audit", attributes.path("mode").path("Value").asText());
        assertEquals("NONE", attributes.path("action").path("Value").asText());
        assertEquals("RegisterTaskDefinition", attributes.path("eventName").path("Value").asText());
        assertTrue(attributes.size() <= 10, attributes.toString());
      }
    }
    JsonNode enveloped = only("email-critical-only");
    assertTrue(enveloped.path("Subject").asText().startsWith("[ecs-guard] CRITICAL: "), enveloped.toString());
  }

  @Test
  void aSeverityFilterPolicyReallyFilters() throws Exception {
    ObjectNode registration = MotoAccount.event("register-task-definition.json");
    String compliant = account.registerFrom(registration);
    ObjectNode run = MotoAccount.event("run-task.json");
    ((ObjectNode) run.path("detail").path("requestParameters")).put("taskDefinition", compliant);
    for (JsonNode task : run.path("detail").path("responseElements").path("tasks")) {
      ((ObjectNode) task).put("taskDefinitionArn", compliant);
    }

    invoke(run);                       // highest severity HIGH: a credential in the RunTask overrides
    invoke(registeredNoncompliant());  // highest severity CRITICAL

    List<String> everything = drain("email-enveloped").stream()
        .map(m -> read(m.body()).path("MessageAttributes").path("severity").path("Value").asText()).toList();
    assertEquals(List.of("HIGH", "CRITICAL"), everything, "the unfiltered subscriber gets both");
    List<Message> critical = drain("email-critical-only");
    assertEquals(1, critical.size(), "the filtered subscriber gets the CRITICAL alert only");
    assertTrue(read(critical.get(0).body()).path("Message").asText().startsWith("CRITICAL: legacy-worker:"));
  }

  @Test
  void twoHundredFailingContainersStayUnderTheLimitInEveryForm() throws Exception {
    ObjectNode event = AlertFixtures.manyContainers(200);
    account.registerFrom(event);

    String response = invoke(event);

    assertTrue(response.contains("\"EVALUATED\""), response);
    JsonNode email = only("email-raw");
    String text = email.path("Message").asText();
    assertTrue(text.contains("more finding(s) left out to fit the message; the function's log line lists them all"));
    JsonNode report = Json.MAPPER.readTree(only("report-raw").path("Message").asText());
    int total = report.path("findings").size() + report.path("findingsOmitted").asInt();
    assertTrue(report.path("findingsOmitted").asInt() > 0, "the report says how many were left out");
    assertTrue(Json.MAPPER.readTree(only("chatbot-raw").path("Message").asText()).path("content")
        .path("description").asText().contains("more finding(s)"));
    String line = log.lines().get(log.lines().size() - 1);
    JsonNode logged = Json.MAPPER.readTree(line.substring(line.indexOf('{')));
    assertEquals(total, logged.path("findings").size(), "the log line keeps every finding");
    for (String inbox : List.of("email-enveloped", "report-enveloped", "chatbot-enveloped")) {
      assertEquals(1, drain(inbox).size(), inbox);
    }
  }
}
