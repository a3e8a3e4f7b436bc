package dev.ecsguard.rule;

/**
 * A violation with its rule's metadata: what every report, alert and exit code is built from.
 * Holds names and pointers only; no secret value ever reaches a finding.
 */
public record Finding(
    String ruleId,
    String title,
    Severity severity,
    RuleKind kind,
    String container,
    String field,
    String message,
    String detector) {

  /** The same finding with any sensitive value that slipped into its text masked. */
  Finding scrubbed(dev.ecsguard.secrets.SensitiveValues sensitive) {
    return new Finding(ruleId, title, severity, kind, sensitive.scrub(container), field, sensitive.scrub(message), detector);
  }

  static Finding of(RuleDescription rule, Violation violation) {
    return new Finding(rule.id(), rule.title(),
        violation.severity() != null ? violation.severity() : rule.severity(),
        rule.kind(), violation.container(), violation.field(), violation.message(), violation.detector());
  }
}
