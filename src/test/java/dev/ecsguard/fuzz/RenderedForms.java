package dev.ecsguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.notify.ChatbotReport;
import dev.ecsguard.notify.JsonReport;
import dev.ecsguard.notify.LintText;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.TextReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every form a report takes (the email's subject and body, the JSON report, the Chatbot notification, each also
 * cut to fewer findings as an SNS message is when it is too big, and what the CLI prints, lint's text too), rendered into a map
 * of named outputs for the secret check, after checking each is well-formed.
 */
final class RenderedForms {

  private static final TextReport TEXT = new TextReport(FuzzFixtures.CATALOG);
  private static final ChatbotReport CHATBOT = new ChatbotReport(FuzzFixtures.CATALOG, TEXT);

  private RenderedForms() {}

  static void render(String prefix, Report report, Map<String, String> into) {
    String subject = TEXT.subject(report);
    // SNS refuses a subject of 100 characters or more: the alert would be lost, so this is a correctness property.
    assertTrue(subject.length() < 100, "email subject of " + subject.length() + " characters");
    into.put(prefix + "email.subject", subject);
    into.put(prefix + "email.body", TEXT.body(report));
    into.put(prefix + "email.body(1)", TEXT.body(report, 1));
    into.put(prefix + "report.json", wellFormed(JsonReport.render(report), prefix + "report.json", true));
    into.put(prefix + "report.json(0)", wellFormed(JsonReport.compact(report, 0), prefix + "report.json(0)", true));
    into.put(prefix + "chatbot", chatbot(CHATBOT.render(report, ChatbotReport.TOP_FINDINGS), prefix + "chatbot"));
    into.put(prefix + "chatbot(0)", chatbot(CHATBOT.render(report, 0), prefix + "chatbot(0)"));
    into.put(prefix + "cli.text", printed(report, PrintingNotifier.Format.TEXT));
    into.put(prefix + "cli.json", wellFormed(printed(report, PrintingNotifier.Format.JSON), prefix + "cli.json", true));
    into.put(prefix + "lint.text", linted(report, LintText.Detail.VERBOSE, false));
    into.put(prefix + "lint.text(explain)", linted(report, LintText.Detail.NORMAL, true));
  }

  private static String linted(Report report, LintText.Detail detail, boolean explain) {
    LintText text = new LintText(FuzzFixtures.CATALOG, java.util.Optional.of(dev.ecsguard.rule.Severity.HIGH), detail,
        explain);
    return text.file("task-definition.json", report) + text.end();
  }

  private static String chatbot(String rendered, String what) {
    wellFormed(rendered, what, false);
    JsonNode tree = parse(rendered, what);
    // Chatbot silently drops a notification without these (ecosystem.md §5.1).
    assertEquals("1.0", tree.path("version").asText(), what + ": version");
    assertEquals("custom", tree.path("source").asText(), what + ": source");
    assertFalse(tree.path("content").path("description").asText("").isBlank(), what + ": content.description");
    return rendered;
  }

  private static String wellFormed(String rendered, String what, boolean report) {
    JsonNode tree = parse(rendered, what);
    if (report) {
      assertEquals(JsonReport.SCHEMA, tree.path("schema").asText(), what + ": schema");
      for (JsonNode finding : tree.path("findings")) {
        assertTrue(finding.path("ruleId").isTextual() && finding.path("severity").isTextual()
            && finding.has("field"), what + ": a finding without ruleId, severity or field");
      }
    }
    return rendered;
  }

  private static JsonNode parse(String rendered, String what) {
    try {
      return Json.MAPPER.readTree(rendered);
    } catch (IOException e) {
      throw new AssertionError(what + " is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String printed(Report report, PrintingNotifier.Format format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      new PrintingNotifier(out, format, TEXT).publish(report);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
