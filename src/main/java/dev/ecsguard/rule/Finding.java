package dev.ecsguard.rule;

import dev.ecsguard.secrets.SensitiveValues;

/**
 * A violation with its rule's metadata: what every report, alert and exit code is built from.
 * Holds names and pointers only; no secret value ever reaches a finding.
 *
 * @param profile the rule's profile: a finding outside the policy's profile is reported, never enforced
 * @param exemption who accepted this finding, until when and why ({@code "granted by policy exemption #0 (ticket
 *     SEC-42), until 2026-12-31: migrating"}), or null: an exempted finding is reported as such and never counts toward alerts, exit codes or
 *     enforcement
 */
public record Finding(
    String ruleId,
    String title,
    Severity severity,
    Profile profile,
    RuleKind kind,
    String container,
    String field,
    String message,
    String detector,
    String exemption) {

  public Finding(String ruleId, String title, Severity severity, Profile profile, RuleKind kind, String container,
      String field, String message, String detector) {
    this(ruleId, title, severity, profile, kind, container, field, message, detector, null);
  }

  public boolean exempted() {
    return exemption != null;
  }

  public Finding withExemption(String why) {
    return new Finding(ruleId, title, severity, profile, kind, container, field, message, detector, why);
  }

  /** The same finding with any sensitive value that slipped into its text masked. */
  Finding scrubbed(SensitiveValues sensitive) {
    String scrubbedContainer = sensitive.scrub(container);
    String scrubbedMessage = sensitive.scrub(message);
    if (scrubbedContainer == container && scrubbedMessage == message) {
      return this; // nothing to mask: scrub returned its very argument
    }
    return new Finding(ruleId, title, severity, profile, kind, scrubbedContainer, field, scrubbedMessage, detector,
        exemption);
  }

  /**
   * A violation of a catalog entry's rule, with the rule's severity (the policy's, when it sets one); a note of
   * {@link Unverified} is INFO whatever the policy says, since an override must never make an unknown enforceable.
   */
  public static Finding of(Catalog.Entry rule, Violation violation) {
    Severity severity = violation.note() ? Severity.INFO
        : rule.severityOverride() != null ? rule.severityOverride() : rule.description().severity();
    return new Finding(rule.description().id(), rule.description().title(), severity, rule.description().profile(),
        rule.description().kind(), violation.container(), violation.field(), violation.message(), violation.detector(),
        null);
  }
}
