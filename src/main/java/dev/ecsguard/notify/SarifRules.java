package dev.ecsguard.notify;

import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import dev.ecsguard.build.ProjectLinks;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.RuleDescription;
import dev.ecsguard.rule.Severity;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The catalog as SARIF reporting descriptors: what GitHub code scanning shows as a rule's title, help and severity.
 * Everything comes from the rules' own metadata ({@code @RuleInfo}), the same words as {@code ecs-guard rules}.
 */
final class SarifRules {

  private SarifRules() {}

  /** Every rule of the catalog, in the catalog's order (a result's {@code ruleIndex} points into this list). */
  static List<ReportingDescriptor> of(Catalog catalog) {
    return catalog.entries().stream().map(entry -> descriptor(entry.description(), severity(entry))).toList();
  }

  private static Severity severity(Catalog.Entry entry) {
    return entry.severityOverride() != null ? entry.severityOverride() : entry.description().severity();
  }

  static ReportingDescriptor descriptor(RuleDescription rule, Severity severity) {
    PropertyBag properties = new PropertyBag().withTags(tags(rule));
    properties.setAdditionalProperty("security-severity", securitySeverity(severity));
    properties.setAdditionalProperty("precision", "very-high");
    properties.setAdditionalProperty("severity", severity.name());
    properties.setAdditionalProperty("profile", profile(rule));
    return new ReportingDescriptor()
        .withId(rule.id())
        .withName(pascalCase(rule.id()))
        .withShortDescription(new MultiformatMessageString().withText(rule.title()))
        .withFullDescription(new MultiformatMessageString().withText(rule.rationale()))
        .withHelp(new MultiformatMessageString().withText(helpText(rule)).withMarkdown(helpMarkdown(rule)))
        .withHelpUri(URI.create(ProjectLinks.rule(rule.id())))
        .withDefaultConfiguration(new ReportingConfiguration().withLevel(configurationLevel(severity)))
        .withProperties(properties);
  }

  /**
   * GitHub's {@code security-severity}, a number as a string: above 9.0 is critical, 7.0 to 8.9 high, 4.0 to 6.9
   * medium, 0.1 to 3.9 low. Each severity sits inside its band, away from the edges.
   */
  static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.5";
    };
  }

  /** A finding's SARIF level: errors break the build in most viewers, notes are informational. */
  static Result.Level level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> Result.Level.ERROR;
      case MEDIUM -> Result.Level.WARNING;
      case LOW, INFO -> Result.Level.NOTE;
    };
  }

  private static ReportingConfiguration.Level configurationLevel(Severity severity) {
    return ReportingConfiguration.Level.fromValue(level(severity).value());
  }

  private static Set<String> tags(RuleDescription rule) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("security");
    tags.add("ecs");
    tags.add(profile(rule));
    tags.add(rule.kind().name().toLowerCase(Locale.ROOT));
    return tags;
  }

  private static String profile(RuleDescription rule) {
    return rule.profile().name().toLowerCase(Locale.ROOT);
  }

  private static String helpText(RuleDescription rule) {
    return rule.title() + "\n\nWhy: " + rule.rationale() + "\n\nFix: " + rule.remediation() + "\n\nDocs: "
        + rule.docUrl() + controlsText(rule, "\n\nEquivalent controls: ");
  }

  private static String helpMarkdown(RuleDescription rule) {
    return "**" + markdown(rule.title()) + "** (`" + rule.id() + "`, " + profile(rule) + " profile)\n\n"
        + "**Why.** " + markdown(rule.rationale()) + "\n\n"
        + "**Fix.** " + markdown(rule.remediation()) + "\n\n"
        + "[AWS documentation](" + rule.docUrl() + ") · [ecs-guard rule](" + ProjectLinks.rule(rule.id()) + ")"
        + controlsText(rule, "\n\nEquivalent controls: ");
  }

  private static String controlsText(RuleDescription rule, String label) {
    return rule.controls().isEmpty() ? "" : label + String.join(", ", rule.controls());
  }

  /** The rules' prose holds no markup; only the characters that would start some are escaped. */
  private static String markdown(String text) {
    return text.replaceAll("([\\\\`*_<>\\[\\]])", "\\\\$1");
  }

  /** {@code disallow-privileged} → {@code DisallowPrivileged}: SARIF's rule name is an identifier. */
  static String pascalCase(String id) {
    StringBuilder name = new StringBuilder(id.length());
    for (String part : id.split("-")) {
      if (!part.isEmpty()) {
        name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return name.toString();
  }
}
