package dev.ecsguard.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleDescription;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The alert as an AWS Chatbot (Amazon Q Developer in chat applications) custom notification, for a Slack or
 * Teams channel: a title, a short markdown description with the most severe findings and what was done, next
 * steps (how to fix the top rules, the console link) and keywords. Chatbot renders only this shape, sent as
 * the plain SNS message (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html). Every value
 * from the definition or the event, in every field, goes through {@link UntrustedText#forSlack} (or
 * {@link UntrustedText#forSlackCode} inside a code span): a name must not mention a channel or show a link.
 */
public final class ChatbotReport {

  /** The event type in {@code metadata.eventType}. */
  public static final String EVENT_TYPE = "ecs-guard.finding";

  /** Findings listed in the description: a chat message is read at a glance; the rest are counted. */
  public static final int TOP_FINDINGS = 5;

  /** Rules whose fix is given in {@code nextSteps}. */
  static final int TOP_RULES = 3;

  /** A finding's message is cut to this many characters in the description. */
  static final int MESSAGE_CHARS = 240;

  private final Catalog catalog;
  private final TextReport text;

  public ChatbotReport(Catalog catalog, TextReport text) {
    this.catalog = catalog;
    this.text = text;
  }

  public ObjectNode tree(Report report) {
    return tree(report, TOP_FINDINGS);
  }

  /** The notification with at most {@code limit} findings in its description. */
  public ObjectNode tree(Report report, int limit) {
    TaskDefinition definition = report.subject().taskDefinition();
    List<Finding> reported = report.evaluation().reported();
    List<Finding> top = Report.mostSevere(reported, Math.min(limit, reported.size()));
    String severity = report.evaluation().highestSeverity().map(Enum::name).orElse("OK");

    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.put("source", "custom");
    report.origin().map(o -> o.eventId()).filter(id -> id != null).ifPresent(id -> root.put("id", slack(id)));

    ObjectNode content = root.putObject("content");
    content.put("textType", "client-markdown");
    String title = text.subject(report, UntrustedText::forSlack);
    content.put("title", title);
    content.put("description", description(report, top, limit));
    ArrayNode nextSteps = content.putArray("nextSteps");
    Set<String> rules = new LinkedHashSet<>();
    top.forEach(f -> rules.add(f.ruleId()));
    rules.stream().limit(TOP_RULES).forEach(id -> catalog.byId(id).map(Catalog.Entry::description)
        .ifPresent((RuleDescription rule) -> nextSteps.add(
            "Fix `" + id + "`: " + rule.remediation() + " (" + rule.docUrl() + ")")));
    TextReport.consoleLink(report).ifPresent(link -> nextSteps.add("Open the revision: " + link));
    ArrayNode keywords = content.putArray("keywords");
    keywords.add(severity);
    keywords.add(slack(definition.family()));
    keywords.add(report.mode().toString());
    report.origin().map(o -> o.eventName()).filter(n -> n != null).ifPresent(n -> keywords.add(slack(n)));

    ObjectNode metadata = root.putObject("metadata");
    metadata.put("threadId", slack(definition.family()));
    metadata.put("summary", title);
    metadata.put("eventType", EVENT_TYPE);
    ArrayNode related = metadata.putArray("relatedResources");
    if (definition.arn() != null) {
      related.add(slack(definition.arn()));
    }
    ObjectNode context = metadata.putObject("additionalContext");
    putIfPresent(context, "account", report.account());
    putIfPresent(context, "region", report.region());
    report.origin().ifPresent(origin -> {
      putIfPresent(context, "eventId", origin.eventId());
      putIfPresent(context, "eventName", origin.eventName());
      putIfPresent(context, "caller", origin.caller());
    });
    context.put("highestSeverity", severity);
    context.put("findingCount", Integer.toString(reported.size()));
    context.put("mode", report.mode().toString());
    context.put("profile", report.profile().toString());
    context.put("action", report.outcome().action().name());
    return root;
  }

  public String render(Report report, int limit) {
    return Json.write(tree(report, limit));
  }

  private String description(Report report, List<Finding> top, int limit) {
    int total = report.evaluation().reported().size();
    StringBuilder md = new StringBuilder(1024);
    md.append('*').append(slack(report.subject().taskDefinition().displayName())).append("* in account `")
        .append(code(orUnknown(report.account()))).append("`, region `").append(code(orUnknown(report.region())))
        .append('`');
    report.origin().map(o -> o.caller()).filter(c -> c != null)
        .ifPresent(caller -> md.append(", ").append(report.verb()).append(" by `").append(code(caller)).append('`'));
    md.append(".\n*Action:* ").append(slack(TextReport.actionSentence(report))).append('\n');
    if (!report.evaluation().complete()) {
      md.append("*Incomplete evaluation:* ").append(slack(String.join("; ", report.evaluation().gaps())))
          .append('\n');
    }
    if (!top.isEmpty()) {
      md.append(top.size() < total ? "*Most severe findings:*\n" : "*Findings:*\n");
      for (Finding finding : top) {
        md.append("• *").append(finding.severity()).append("* `").append(finding.ruleId()).append('`')
            .append(report.outsideProfile(finding) ? " _(" + TextReport.profileLabel(finding, report) + ")_" : "")
            .append(": ").append(slack(cut(finding.message()))).append(" (`").append(code(finding.field()))
            .append("`)\n");
      }
    }
    if (top.size() < total) {
      md.append("_…and ").append(total - top.size()).append(" more finding(s): see the email, the JSON report or "
          + "the function's log line._\n");
    }
    appendExempted(md, report.evaluation().findings().stream().filter(Finding::exempted).toList(), limit);
    return md.toString().stripTrailing();
  }

  /** Exempted findings stay visible, each with who granted the exemption, until when and why. */
  private static void appendExempted(StringBuilder md, List<Finding> exempted, int limit) {
    if (exempted.isEmpty()) {
      return;
    }
    md.append("*Exempted, not counted (").append(exempted.size()).append("):*\n");
    int shown = Math.min(exempted.size(), Math.max(limit, 1));
    for (Finding finding : exempted.subList(0, shown)) {
      md.append("• *").append(finding.severity()).append("* `").append(finding.ruleId()).append("`: ")
          .append(slack(cut(finding.exemption()))).append('\n');
    }
    if (shown < exempted.size()) {
      md.append("_…and ").append(exempted.size() - shown).append(" more exempted._\n");
    }
  }

  private static String cut(String message) {
    if (message.length() <= MESSAGE_CHARS) {
      return message;
    }
    int end = MESSAGE_CHARS - 1;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never half a character
    }
    return message.substring(0, end) + "…";
  }

  private static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, slack(value));
    }
  }

  private static String slack(String untrusted) {
    return UntrustedText.forSlack(untrusted);
  }

  private static String code(String untrusted) {
    return UntrustedText.forSlackCode(untrusted);
  }

  private static String orUnknown(String value) {
    return value == null ? "unknown" : value;
  }
}
