package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.MotoAccount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text from a definition cannot speak for ecs-guard: the non-compliant sample with Slack mentions, links,
 * markdown, terminal escapes, bidi and zero-width characters in its family, container name, image, log group,
 * environment variable name and exemption tag, rendered in every form. No construct survives; every name is
 * still recognisable.
 */
class HostileNamesTest {

  static final String FAMILY = "legacy<!here>\u202Eworker";
  static final String CONTAINER = "app<!channel>[click](https://evil.example)\u200B";
  static final String IMAGE = "evil.example/app<!subteam^S024BE7LH|team>\u2067";
  static final String LOG_GROUP = "/ecs/<http://evil.example|logs>\u2066";
  static final String VARIABLE = "<#C024BE7LR|general>_PASSWORD\u001b[2J";
  static final String EXEMPTION = "2099-12-31 <!everyone> approved, see [ticket](https://evil.example/t)\u001b]0;x\u0007 ok";

  /** What must not reach a person raw, in any form. */
  static final List<String> FORBIDDEN = List.of("<!channel>", "<!here>", "<!everyone>", "<@U", "<#C", "<http",
      "<!subteam", "](http", "\u202E", "\u200B", "\u2066", "\u2067", "\u001b", "\u0007");

  private static final TextReport TEXT = new TextReport(Catalog.standard());
  private static Report report;

  @BeforeAll
  static void renderTheHostileDefinition() throws IOException {
    report = AlertFixtures.offlineReport(hostileEvent());
  }

  @Test
  void theEmailSaysNothingItsNamesDoNot() {
    SnsNotifier notifier = new SnsNotifier(null, "arn:aws:sns:us-east-1:123456789012:t", TEXT);
    String email = "Subject: " + TEXT.subject(report) + "\n\n" + notifier.forms(report).get("email");

    assertNone("email", email);
    Canaries.assertNone("email", email);
    assertTrue(email.contains("container \"app\\u003C!channel>[click](hxxps[:]//evil.example)\\u200B\""), email);
    assertTrue(email.contains("legacy\\u003C!here>\\u202Eworker:3"), email);
    assertTrue(email.contains("\\u003C#C024BE7LR|general>_PASSWORD\\u001B[2J"), email);
    assertTrue(email.contains("evil.example/app\\u003C!subteam^S024BE7LH|team>\\u2067"), email);
    // The hostile exemption reason is not quoted at all: tag exemptions are off by default, so the tag is refused.
    assertTrue(email.contains("tag exemptions are disabled in the policy"), email);
  }

  @Test
  void theSubjectIsOneAsciiLine() {
    String subject = TEXT.subject(report);

    assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7F), subject);
    assertTrue(subject.length() < 100, subject);
    assertEquals("[ecs-guard] CRITICAL: " + report.evaluation().reported().size()
        + " findings in legacy\\u003C!here>\\u202Eworker:3", subject);
  }

  @Test
  void noChatbotFieldMentionsOrLinks() throws IOException {
    SnsNotifier notifier = new SnsNotifier(null, new AlertTopics(null, null, "arn:aws:sns:us-east-1:123456789012:c"),
        TEXT, Catalog.standard());
    JsonNode chat = Json.MAPPER.readTree(notifier.forms(report).get("chatbot"));

    List<String> texts = new ArrayList<>();
    collectTexts(chat, texts);
    for (String text : texts) {
      assertNone("chatbot", text);
    }
    JsonNode content = chat.path("content");
    String description = content.path("description").asText();
    assertTrue(description.startsWith("*legacy&lt;!here&gt;\\u202Eworker:3* in account"), description);
    assertTrue(description.contains("container \"app&lt;!channel&gt;\\[click\\](hxxps\\[:\\]//evil.example)\\u200B\""),
        description);
    assertEquals("[ecs-guard] CRITICAL: " + report.evaluation().reported().size()
        + " findings in legacy&lt;!here&gt;\\u202Eworker:3", content.path("title").asText(),
        "no action: a revision whose ARN is not an ECS ARN is never deregistered");
    assertEquals("legacy&lt;!here&gt;\\u202Eworker", content.path("keywords").get(1).asText());
    assertEquals("legacy&lt;!here&gt;\\u202Eworker", chat.path("metadata").path("threadId").asText());
  }

  @Test
  void theTerminalGetsNoEscapeSequence() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrintingNotifier(new PrintStream(out, true, StandardCharsets.UTF_8), PrintingNotifier.Format.TEXT, TEXT)
        .publish(report);
    String printed = out.toString(StandardCharsets.UTF_8);

    assertNone("terminal", printed);
    assertTrue(printed.contains("app\\u003C!channel>[click](hxxps[:]//evil.example)\\u200B"), printed);
  }

  @Test
  void theLintTextGetsNoEscapeSequenceEvenVerboseAndExplained() {
    Report exempted = new Report(report.origin(), report.subject(), new Evaluation(
        List.of(report.evaluation().findings().get(0).withExemption(EXEMPTION)), List.of("a gap " + VARIABLE)),
        report.mode(), report.profile(), report.outcome());
    String printed = String.join("\n",
        lint(LintText.Detail.NORMAL, false, report),
        lint(LintText.Detail.VERBOSE, true, exempted),
        lint(LintText.Detail.VERBOSE, false, report));

    assertNone("lint text", printed);
    Canaries.assertNone("lint text", printed);
    assertTrue(printed.contains("== " + "file\\u202E.json: legacy\\u003C!here>\\u202Eworker:3 ("), printed);
    assertTrue(printed.contains("app\\u003C!channel>[click](hxxps[:]//evil.example)\\u200B"), printed);
    assertTrue(printed.contains("  exempted "), "the exempted finding, shown verbose: " + printed);
  }

  private static String lint(LintText.Detail detail, boolean explain, Report linted) {
    LintText text = new LintText(Catalog.standard(), java.util.Optional.of(Severity.HIGH), detail, explain);
    return text.file("file\u202E.json", linted) + text.end();
  }

  @Test
  void theJsonReportKeepsExactValuesButNoRawInvisibleCharacter() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrintingNotifier(new PrintStream(out, true, StandardCharsets.UTF_8), PrintingNotifier.Format.JSON, TEXT)
        .publish(report);
    String printed = out.toString(StandardCharsets.UTF_8);

    for (String invisible : List.of("\u202E", "\u200B", "\u2066", "\u2067", "\u001b", "\u0007")) {
      assertFalse(printed.contains(invisible), "raw U+" + Integer.toHexString(invisible.charAt(0)) + " in " + printed);
    }
    JsonNode json = Json.MAPPER.readTree(printed);
    assertEquals(FAMILY, json.path("taskDefinition").path("family").asText(), "exact for machines");
    List<String> containers = new ArrayList<>();
    json.path("findings").forEach(f -> containers.add(f.path("container").asText()));
    assertTrue(containers.contains(CONTAINER), containers.toString());
    assertTrue(printed.contains("\\u202E") && printed.contains("\\u001B"), "escaped by JSON: " + printed);
    assertEquals(JsonReport.tree(report), Json.MAPPER.readTree(JsonReport.compact(report, Integer.MAX_VALUE)),
        "the compact form (the reports topic) reads back the same");
  }

  @Test
  void aLogGroupQuotedByALiveRuleIsInertToo() throws Exception {
    // Offline no rule can say a log group is missing; this is the finding awslogs-group-exists makes online.
    Finding missingGroup = new Finding("awslogs-group-exists", "awslogs log group does not exist", Severity.HIGH,
        Profile.BASELINE, RuleKind.LIVE, CONTAINER, "/containerDefinitions/0/logConfiguration/options/awslogs-group",
        "container \"" + CONTAINER + "\" logs to log group \"" + LOG_GROUP + "\", which does not exist in us-east-1",
        null);
    Report live = new Report(report.origin(), report.subject(), new Evaluation(List.of(missingGroup), List.of()),
        report.mode(), report.profile(), report.outcome());
    String email = TEXT.body(live);
    String chat = new ChatbotReport(Catalog.standard(), TEXT).tree(live).path("content").path("description").asText();

    assertNone("email", email);
    assertNone("chatbot", chat);
    assertTrue(email.contains("log group \"/ecs/\\u003Chxxp[:]//evil.example|logs>\\u2066\""), email);
    assertTrue(chat.contains("log group \"/ecs/&lt;hxxp\\[:\\]//evil.example\\|logs&gt;\\u2066\""), chat);
  }

  /** The non-compliant sample with a payload in each name a finding quotes, on both sides of the event. */
  static ObjectNode hostileEvent() throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    ObjectNode detail = (ObjectNode) event.path("detail");
    for (String side : List.of("requestParameters", "responseElements")) {
      ObjectNode holder = (ObjectNode) detail.path(side);
      ObjectNode definition = side.equals("requestParameters") ? holder : (ObjectNode) holder.path("taskDefinition");
      definition.put("family", FAMILY);
      if (definition.has("taskDefinitionArn")) {
        definition.put("taskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY + ":3");
      }
      ObjectNode worker = (ObjectNode) definition.path("containerDefinitions").path(0);
      worker.put("name", CONTAINER);
      ((ObjectNode) worker.path("logConfiguration").path("options")).put("awslogs-group", LOG_GROUP);
      ((ArrayNode) worker.path("environment")).addObject().put("name", VARIABLE).put("value", "CANARY-hostile-1f2e");
      ((ObjectNode) definition.path("containerDefinitions").path(1)).put("image", IMAGE);
      definition.putArray("tags").addObject().put("key", "ecs-guard:exempt:require-health-check").put("value", EXEMPTION);
    }
    return event;
  }

  private static void assertNone(String form, String text) {
    for (String construct : FORBIDDEN) {
      assertFalse(text.contains(construct), form + " holds " + construct.replace("\u001b", "ESC") + ": " + text);
    }
  }

  private static void collectTexts(JsonNode node, List<String> texts) {
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.forEach(child -> collectTexts(child, texts));
  }
}
