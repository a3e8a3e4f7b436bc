package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression test for the attack of issue 13, with the real handler in enforce mode against moto: a registrant
 * tags their own revision {@code ecs-guard:exempt:<rule>} to keep a plain-text AWS_SECRET_ACCESS_KEY and a
 * privileged container ACTIVE. From an ordinary developer the tags count for nothing: the revision is deregistered
 * and every alert form names the refused exemption. Only when the policy allows the caller do they count, and then
 * the alert still lists the exempted findings and who granted them.
 */
@ExtendWith(MotoServer.Extension.class)
class ExemptionMotoTest {

  private static final String SECRET = "CANARY-self-exempted-secret-key";
  private static final String DEVELOPER = "arn:aws:sts::123456789012:assumed-role/DeployRole/jane.doe";
  private static final String ADMIN = "arn:aws:sts::123456789012:assumed-role/platform-admin/alice";
  private static final String ADMINS_MAY_TAG = "mode: enforce\ntagExemptions:\n  enabled: true\n"
      + "  allowedPrincipals: ['arn:aws:sts::123456789012:assumed-role/platform-admin/*']\n";
  private static final List<String> TAGGED_RULES = List.of("no-secret-env-names", "disallow-privileged");

  private MotoAccount account;
  private AwsClients clients;
  private CapturedLog log;
  private final Map<String, String> topics = new HashMap<>();

  @BeforeEach
  void freshAccount() throws IOException {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    clients = account.guardClients();
    // One SQS inbox for the three forms: each message is told apart by its shape.
    String topic = account.createAlertsTopic();
    topics.put("ECS_GUARD_TOPIC_ARN", topic);
    topics.put("ECS_GUARD_REPORT_TOPIC_ARN", topic);
    topics.put("ECS_GUARD_CHATBOT_TOPIC_ARN", topic);
    log = new CapturedLog();
  }

  @AfterEach
  void close() {
    clients.close();
    account.close();
  }

  @Test
  void aDeveloperCannotExemptTheirOwnRevisionByDefault() throws Exception {
    ObjectNode event = selfExempted(DEVELOPER, "2099-12-31");
    String arn = account.registerFrom(event);

    invoke(Map.of("ECS_GUARD_MODE", "enforce"), event);

    assertEquals("INACTIVE", account.status(arn), "the tags silenced nothing");
    Alerts alerts = alerts();
    for (String rule : TAGGED_RULES) {
      for (String form : List.of(alerts.email(), alerts.chatbot(), alerts.json())) {
        assertTrue(form.contains("ecs-guard:exempt:" + rule) && form.contains("tag exemptions are disabled"),
            "every form names the refused exemption: " + form);
      }
    }
    assertFalse(alerts.email().contains("Exempted, not counted"));
  }

  @Test
  void aDeveloperNotOnTheAllowlistCannotExemptTheirOwnRevision() throws Exception {
    ObjectNode event = selfExempted(DEVELOPER, LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
    String arn = account.registerFrom(event);

    invoke(Map.of("ECS_GUARD_POLICY", ADMINS_MAY_TAG), event);

    assertEquals("INACTIVE", account.status(arn));
    Alerts alerts = alerts();
    assertTrue(alerts.email().contains("action: deregistered"), alerts.email());
    for (String form : List.of(alerts.email(), alerts.chatbot(), alerts.json())) {
      assertTrue(form.contains("ecs-guard:exempt:disallow-privileged") && form.contains(DEVELOPER)
          && form.contains("is not allowed to grant tag exemptions"), "the refusal names who tried: " + form);
    }
  }

  @Test
  void anAllowedAdminExemptsTheRevisionAndTheAlertSaysWhoGrantedIt() throws Exception {
    String expires = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    ObjectNode event = selfExempted(ADMIN, expires);
    // The sample requires Fargate, where a privileged container is also a setting Fargate does not support.
    ((ArrayNode) event.path("detail").path("requestParameters").path("tags")).addObject()
        .put("key", "ecs-guard:exempt:fargate-supported-settings").put("value", expires + " approved");
    String arn = account.registerFrom(event);

    invoke(Map.of("ECS_GUARD_POLICY", ADMINS_MAY_TAG), event);

    assertEquals("ACTIVE", account.status(arn), "the allowed principal's exemptions count");
    Alerts alerts = alerts();
    assertTrue(alerts.email().contains("Exempted, not counted"), alerts.email());
    for (String rule : TAGGED_RULES) {
      String grant = "granted by tag ecs-guard:exempt:" + rule + " on a call by " + ADMIN;
      for (String form : List.of(alerts.email(), alerts.chatbot(), alerts.json())) {
        assertTrue(form.contains(rule) && form.contains(grant) && form.contains(expires),
            "every form lists the exempted finding and who granted it: " + form);
      }
    }
    assertTrue(log.all().contains("granted by tag"), "and so does the log line");
  }

  @Test
  void anAllowedAdminCannotExemptBeyondTheMaximumLifetime() throws Exception {
    ObjectNode event = selfExempted(ADMIN, "2099-12-31");
    String arn = account.registerFrom(event);

    invoke(Map.of("ECS_GUARD_POLICY", ADMINS_MAY_TAG), event);

    assertEquals("INACTIVE", account.status(arn), "refused, not shortened");
    assertTrue(alerts().email().contains("tagExemptions.maxLifetimeDays"));
  }

  /**
   * The compliant sample made non-compliant the way the attack does it: a plain-text AWS_SECRET_ACCESS_KEY and a
   * privileged container, each tagged as exempted until {@code expires}, registered by {@code caller}.
   */
  private static ObjectNode selfExempted(String caller, String expires) throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    ObjectNode detail = (ObjectNode) event.path("detail");
    ((ObjectNode) detail.path("userIdentity")).put("arn", caller);
    ObjectNode request = (ObjectNode) detail.path("requestParameters");
    ObjectNode registered = (ObjectNode) detail.path("responseElements").path("taskDefinition");
    for (ObjectNode definition : List.of(request, registered)) {
      ObjectNode app = (ObjectNode) definition.path("containerDefinitions").path(0);
      app.put("privileged", true);
      ((ArrayNode) app.path("environment")).addObject().put("name", "AWS_SECRET_ACCESS_KEY").put("value", SECRET);
    }
    ArrayNode tags = request.putArray("tags");
    for (String rule : TAGGED_RULES) {
      tags.addObject().put("key", "ecs-guard:exempt:" + rule).put("value", expires + " approved");
    }
    return event;
  }

  private void invoke(Map<String, String> settings, ObjectNode event) throws IOException {
    Map<String, String> env = new HashMap<>(topics);
    env.putAll(settings);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    GuardHandler handler = new GuardHandler(
        PipelineFactory.forAws(env, clients, log, new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req-exempt"));
    String response = out.toString(StandardCharsets.UTF_8);
    assertFalse(response.contains(SECRET) || log.all().contains(SECRET) || stdout.toString(StandardCharsets.UTF_8)
        .contains(SECRET), "no output quotes the secret");
  }

  /** The three forms of the one alert, as SNS delivered them. */
  private record Alerts(String email, String chatbot, String json) {}

  private Alerts alerts() throws IOException {
    String email = null;
    String chatbot = null;
    String json = null;
    List<JsonNode> delivered = account.deliveredAlerts();
    for (JsonNode envelope : delivered) {
      String message = envelope.path("Message").asText();
      assertFalse(Json.write(envelope).contains(SECRET), "no alert quotes the secret");
      if (!message.startsWith("{")) {
        email = message;
      } else if (Json.MAPPER.readTree(message).has("content")) {
        chatbot = message;
      } else {
        json = message;
      }
    }
    assertEquals(3, delivered.size(), "one alert, in each of the three forms");
    return new Alerts(email, chatbot, json);
  }
}
