package dev.ecsguard.notify;

import dev.ecsguard.enforce.Action;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The report a person reads, in an email or a terminal: what, where, why, how to fix it, and what
 * ecs-guard did. Plain text, short lines, no markup. Every value from the definition or the event goes through
 * {@link UntrustedText} as it is written (see there why).
 */
public final class TextReport {

  /** SNS rejects longer subjects; stay well inside. */
  static final int SUBJECT_LIMIT = 99;

  /** Marks a name cut to fit the subject. */
  private static final String CUT = "...";

  private final Catalog catalog;

  public TextReport(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * {@code [ecs-guard] CRITICAL: 7 findings in legacy-worker:3 (deregistered)}, always under 100 characters,
   * ASCII and on one line, as SNS requires of a subject.
   */
  public String subject(Report report) {
    return subject(report, UntrustedText::forSubject);
  }

  /** The subject with the definition's name made safe by {@code quote} for where it is shown. */
  String subject(Report report, UnaryOperator<String> quote) {
    int count = report.evaluation().reported().size();
    String severity = report.evaluation().highestSeverity().map(Enum::name).orElse("OK");
    String action = switch (report.outcome().action()) {
      case DEREGISTERED -> " (deregistered)";
      case WOULD_DEREGISTER -> " (would deregister)";
      case ALREADY_INACTIVE -> " (already inactive)";
      case STOPPED -> " (tasks stopped)";
      case WOULD_STOP -> " (would stop tasks)";
      case SAFETY_VALVE -> " (safety valve)";
      case NONE -> "";
      default -> " (" + report.outcome().action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
    };
    String prefix = "[ecs-guard] " + severity + ": " + count + (count == 1 ? " finding in " : " findings in ");
    String name = quote.apply(report.subject().taskDefinition().displayName());
    int room = SUBJECT_LIMIT - prefix.length() - action.length();
    if (name.length() > room) {
      name = name.substring(0, Math.max(0, room - CUT.length())) + CUT; // ASCII: SNS rejects anything else
    }
    return prefix + name + action;
  }

  public String body(Report report) {
    return body(report, report.evaluation().reported().size());
  }

  /**
   * The body with at most {@code limit} findings (the most severe); the rest are counted, not lost (they
   * stay in the log). First one summary line a person reads on a phone: what, where, who, how bad, what was
   * done; then the details, each finding, and a console link.
   */
  public String body(Report report, int limit) {
    TaskDefinition definition = report.subject().taskDefinition();
    List<Finding> findings = report.evaluation().reported();
    List<Finding> exempted = report.evaluation().findings().stream().filter(Finding::exempted).toList();
    StringBuilder text = new StringBuilder(2048);
    text.append(summaryLine(report)).append("\n\n");
    text.append("ecs-guard found ").append(findings.size()).append(findings.size() == 1 ? " problem" : " problems")
        .append(" in task definition ").append(quote(definition.displayName())).append(" (mode: ").append(report.mode())
        .append(", profile: ").append(report.profile()).append(").\n");
    long outside = report.outsideProfileCount();
    if (outside > 0) {
      text.append(outside).append(" of them outside the ").append(report.profile())
          .append(" profile: reported, not enforced.\n");
    }
    appendWhere(text, report);
    if (!report.evaluation().complete()) {
      text.append("Incomplete evaluation: ").append(quote(String.join("; ", report.evaluation().gaps()))).append('\n');
    }
    List<Finding> shown = Report.mostSevere(findings, limit);
    Map<String, List<Finding>> byRule = new LinkedHashMap<>();
    for (Finding finding : shown) {
      byRule.computeIfAbsent(finding.ruleId(), id -> new ArrayList<>()).add(finding);
    }
    int number = 0;
    for (List<Finding> group : byRule.values()) {
      appendRule(text, ++number, group, report);
    }
    if (shown.size() < findings.size()) {
      text.append("\n").append(findings.size() - shown.size())
          .append(" more finding(s) left out to fit the message; the function's log line lists them all.\n");
    }
    if (!exempted.isEmpty()) {
      text.append("\nExempted, not counted (").append(exempted.size()).append("):\n");
      int exemptedShown = Math.min(exempted.size(), Math.max(limit, 1));
      for (Finding finding : exempted.subList(0, exemptedShown)) {
        text.append("   - ").append(finding.severity()).append(' ').append(finding.ruleId()).append(" at ")
            .append(quote(finding.field())).append(": ").append(quote(finding.exemption())).append('\n');
      }
      if (exemptedShown < exempted.size()) {
        text.append("   (").append(exempted.size() - exemptedShown).append(" more left out)\n");
      }
    }
    consoleLink(report).ifPresent(link -> text.append("\nOpen the revision: ").append(link).append('\n'));
    return text.toString();
  }

  /**
   * {@code CRITICAL: legacy-worker:3 in account 123456789012, region us-east-1, registered by <caller>; 16
   * findings; action: …}: the whole alert in one line.
   */
  public String summaryLine(Report report) {
    int count = report.evaluation().reported().size();
    StringBuilder line = new StringBuilder(256);
    line.append(report.evaluation().highestSeverity().map(Enum::name).orElse("OK")).append(": ")
        .append(quote(report.subject().taskDefinition().displayName()))
        .append(" in account ").append(quote(orUnknown(report.account())))
        .append(", region ").append(quote(orUnknown(report.region())));
    report.origin().map(dev.ecsguard.event.ApiCall.Origin::caller).filter(c -> c != null)
        .ifPresent(caller -> line.append(", ").append(report.verb()).append(" by ").append(quote(caller)));
    line.append("; ").append(count).append(count == 1 ? " finding" : " findings");
    line.append("; action: ").append(quote(actionSentence(report)));
    return line.toString();
  }

  private static void appendWhere(StringBuilder text, Report report) {
    TaskDefinition definition = report.subject().taskDefinition();
    if (definition.arn() != null) {
      text.append("Revision: ").append(quote(definition.arn())).append('\n');
    }
    report.origin().ifPresent(origin -> {
      text.append("Event: ").append(quote(origin.eventName()));
      if (origin.eventTime() != null) {
        text.append(" at ").append(quote(origin.eventTime()));
      }
      if (origin.eventId() != null) {
        text.append(" (event ").append(quote(origin.eventId())).append(')');
      }
      text.append('\n');
    });
  }

  static String actionSentence(Report report) {
    String detail = report.outcome().detail();
    if (report.outcome().action() == Action.NONE) {
      return detail == null ? "none" : "none (" + detail + ")";
    }
    return detail == null ? report.outcome().action().name() : detail;
  }

  /** One rule: its headline, each place it fired, then why and how to fix it, once. */
  private void appendRule(StringBuilder text, int number, List<Finding> group, Report report) {
    Finding first = group.get(0);
    text.append('\n').append(number).append(". ").append(first.title()).append(" [").append(first.ruleId())
        .append(", ").append(profileLabel(first, report)).append("]\n");
    for (Finding finding : group) {
      text.append("   - ").append(finding.severity()).append(": ");
      if (finding.container() != null && !finding.message().contains('"' + finding.container() + '"')) {
        text.append("container \"").append(quote(finding.container())).append("\": ");
      }
      text.append(quote(finding.message()));
      if (finding.detector() != null && !finding.message().contains(finding.detector())) {
        text.append(" [detector ").append(quote(finding.detector())).append(']');
      }
      text.append("\n     at ").append(quote(finding.field())).append('\n');
    }
    catalog.byId(first.ruleId()).map(Catalog.Entry::description).ifPresent((RuleDescription rule) -> {
      text.append("   Why: ").append(rule.rationale()).append('\n');
      text.append("   Fix: ").append(rule.remediation()).append('\n');
      text.append("   Docs: ").append(rule.docUrl()).append('\n');
    });
  }

  /** {@code baseline}, or {@code restricted, not enforced} when the policy's profile leaves it to reporting. */
  static String profileLabel(Finding finding, Report report) {
    return finding.profile() + (report.outsideProfile(finding) ? ", not enforced" : "");
  }

  /** The ECS console page of the revision, when the revision and its region are known. */
  static java.util.Optional<String> consoleLink(Report report) {
    return report.subject().taskDefinition().parsedArn().map(arn ->
        "https://" + arn.region() + ".console.aws.amazon.com/ecs/v2/task-definitions/" + arn.family() + "/"
            + arn.revision() + "/containers?region=" + arn.region());
  }

  private static String quote(String untrusted) {
    return UntrustedText.forText(untrusted);
  }

  private static String orUnknown(String value) {
    return value == null ? "unknown" : value;
  }
}
