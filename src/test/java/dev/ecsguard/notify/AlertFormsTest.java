package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.testing.MotoAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** The three forms of an alert, offline: their shape, their attributes, and their size. */
class AlertFormsTest {

  private final TextReport text = new TextReport(Catalog.standard());
  private final SnsNotifier notifier = new SnsNotifier(null, new AlertTopics(
      "arn:aws:sns:us-east-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:r",
      "arn:aws:sns:us-east-1:123456789012:c"), text, Catalog.standard());

  @Test
  void theEmailStartsWithOneSummaryLineAndEndsWithTheConsoleLink() throws Exception {
    Report report = AlertFixtures.offlineReport(MotoAccount.event("register-task-definition-noncompliant.json"));

    String body = notifier.forms(report).get("email");

    String first = body.lines().findFirst().orElseThrow();
    assertTrue(first.startsWith("CRITICAL: legacy-worker:3 in account 123456789012, region us-east-1, registered by "
        + "arn:aws:sts::123456789012:assumed-role/DeployRole/jane.doe; "), first);
    assertTrue(first.contains("findings; action: "), first);
    for (String part : List.of("[disallow-privileged, baseline]", "- CRITICAL: ", "at /containerDefinitions/", "Why: ",
        "Fix: ", "Docs: https://")) {
      assertTrue(body.contains(part), part);
    }
    assertTrue(body.strip().endsWith(
        "Open the revision: https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/legacy-worker/3/"
            + "containers?region=us-east-1"), body);
  }

  @Test
  void theChatbotFormIsACustomNotification() throws Exception {
    Report report = AlertFixtures.offlineReport(MotoAccount.event("register-task-definition-noncompliant.json"));

    JsonNode chat = Json.MAPPER.readTree(notifier.forms(report).get("chatbot"));

    assertEquals("1.0", chat.path("version").asText());
    assertEquals("custom", chat.path("source").asText());
    assertEquals("9fddb5fe-f121-4709-8c1d-5c6a1f99f50d", chat.path("id").asText(), "the CloudTrail event id");
    JsonNode content = chat.path("content");
    assertEquals("client-markdown", content.path("textType").asText());
    assertTrue(content.path("title").asText().startsWith("[ecs-guard] CRITICAL: "), content.toString());
    String description = content.path("description").asText();
    assertEquals(ChatbotReport.TOP_FINDINGS, description.lines().filter(l -> l.startsWith("• ")).count(), description);
    assertTrue(description.contains("more finding(s)"), description);
    assertTrue(description.contains("*Action:* "), description);
    assertTrue(content.path("nextSteps").size() >= 2, content.toString());
    assertTrue(content.path("nextSteps").get(content.path("nextSteps").size() - 1).asText()
        .startsWith("Open the revision: https://"), content.toString());
    assertEquals(List.of("CRITICAL", "legacy-worker"), List.of(content.path("keywords").get(0).asText(),
        content.path("keywords").get(1).asText()));
    JsonNode metadata = chat.path("metadata");
    assertEquals("legacy-worker", metadata.path("threadId").asText());
    assertEquals(ChatbotReport.EVENT_TYPE, metadata.path("eventType").asText());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/legacy-worker:3",
        metadata.path("relatedResources").get(0).asText());
    metadata.path("additionalContext").forEach(value -> assertTrue(value.isTextual(), "strings only: " + value));
  }

  @Test
  void theReportFormIsTheVersionedJsonReport() throws Exception {
    Report report = AlertFixtures.offlineReport(MotoAccount.event("register-task-definition-noncompliant.json"));

    JsonNode json = Json.MAPPER.readTree(notifier.forms(report).get("report"));

    assertEquals(JsonReport.SCHEMA, json.path("schema").asText());
    assertEquals(JsonReport.tree(report), json, "the whole report when it fits");
    assertFalse(json.has("findingsOmitted"));
  }

  @Test
  void theAttributesFeedFilterPoliciesAndStayUnderTen() throws Exception {
    Report report = AlertFixtures.offlineReport(MotoAccount.event("register-task-definition-noncompliant.json"));

    Map<String, MessageAttributeValue> attributes = SnsNotifier.attributes(report);

    assertTrue(attributes.size() <= 10, attributes.keySet().toString());
    assertEquals(List.of("severity", "rules", "family", "account", "region", "mode", "action", "eventName"),
        List.copyOf(attributes.keySet()));
    assertEquals("CRITICAL", attributes.get("severity").stringValue());
    assertEquals("String.Array", attributes.get("rules").dataType());
    assertTrue(Json.MAPPER.readTree(attributes.get("rules").stringValue()).toString().contains("\"disallow-privileged\""));
    assertEquals("legacy-worker", attributes.get("family").stringValue());
  }

  @Test
  void twoHundredFailingContainersFitEveryFormAndSayHowManyWereLeftOut() throws Exception {
    Report report = AlertFixtures.offlineReport(AlertFixtures.manyContainers(200));
    int total = report.evaluation().findings().size();
    assertTrue(total >= 800, "several findings per container: " + total);
    Map<String, MessageAttributeValue> attributes = SnsNotifier.attributes(report);
    int attributeBytes = attributes.entrySet().stream().mapToInt(e -> SnsNotifier.utf8Length(e.getKey())
        + SnsNotifier.utf8Length(e.getValue().dataType()) + SnsNotifier.utf8Length(e.getValue().stringValue())).sum();

    Map<String, String> forms = notifier.forms(report);

    for (Map.Entry<String, String> form : forms.entrySet()) {
      int bytes = form.getValue().getBytes(StandardCharsets.UTF_8).length + attributeBytes;
      assertTrue(bytes <= 262_144, form.getKey() + ": " + bytes + " bytes");
    }
    String email = forms.get("email");
    assertTrue(text.body(report).getBytes(StandardCharsets.UTF_8).length > 262_144, "the whole text would not fit");
    assertTrue(email.contains("more finding(s) left out to fit the message; the function's log line lists them all"),
        "the email says findings were left out");
    assertTrue(email.getBytes(StandardCharsets.UTF_8).length > 200_000, "but not more than needed");
    JsonNode json = Json.MAPPER.readTree(forms.get("report"));
    assertEquals(total, json.path("findings").size() + json.path("findingsOmitted").asInt(), "counted, not lost");
    assertTrue(json.path("findingsOmitted").asInt() > 0);
    assertEquals("CRITICAL", json.path("findings").get(0).path("severity").asText(), "the most severe are kept");
    assertTrue(Json.MAPPER.readTree(forms.get("chatbot")).path("content").path("description").asText()
        .contains("more finding(s)"));
  }

  @Test
  void cuttingKeepsTheMostSevereInTheirOrder() throws Exception {
    Report report = AlertFixtures.offlineReport(MotoAccount.event("register-task-definition-noncompliant.json"));
    var findings = report.evaluation().reported();

    int critical = (int) findings.stream().filter(f -> f.severity() == dev.ecsguard.rule.Severity.CRITICAL).count();
    assertTrue(critical >= 2 && critical < findings.size(), "the sample has a few CRITICAL findings among others");

    var kept = Report.mostSevere(findings, critical);

    assertEquals(critical, kept.size());
    assertTrue(kept.stream().allMatch(f -> f.severity() == dev.ecsguard.rule.Severity.CRITICAL), kept.toString());
    assertEquals(findings.stream().filter(kept::contains).toList(), kept, "original order");
  }
}
