package dev.ecsguard.rule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's metadata, next to its logic: docs, alerts and configuration all read it from here.
 * Read once into a {@link RuleDescription} and validated when the catalog is built.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
  /** Stable kebab-case id that users put in configuration and exemptions (RULES.md). */
  String id();

  /** The problem, as an alert headline, without a trailing period. */
  String title();

  /**
   * The severity of every finding of the rule: one concern, one id, one severity (docs/one-severity.md). Only the
   * "could not verify" notes of {@link Unverified} differ, always INFO.
   */
  Severity severity();

  /** Baseline (plainly dangerous or broken, enforced by default) or restricted (hardening, reported). */
  Profile profile();

  RuleKind kind() default RuleKind.STATIC;

  /** The seed mistake 1..8 from MISSION.md, or 0 for none. */
  int mistake();

  /** Why it matters. */
  String rationale();

  /** How to fix it. */
  String remediation();

  /** Where to read more (https). */
  String docUrl();

  /** Equivalent controls elsewhere: Security Hub, AWS Config, Control Tower, Checkov, Prowler, Kyverno/PSS. */
  String[] controls() default {};

  /** Former ids that still work in configuration. */
  String[] aliases() default {};

  /**
   * The rule reports a resource a deployment usually creates alongside the definition (a log group, an image pushed
   * after registering), so a finding may be a deploy race rather than a mistake: reported, never enforced unless
   * the policy sets {@code enforce: true} for it, and then re-checked after a delay before acting.
   */
  boolean deployRace() default false;
}
