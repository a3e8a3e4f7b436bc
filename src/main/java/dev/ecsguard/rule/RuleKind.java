package dev.ecsguard.rule;

/** What a rule needs to decide (RULES.md "kind"). */
public enum RuleKind {
  /** The task definition alone, plus region and launch type. */
  STATIC,
  /** Facts looked up in the account. */
  LIVE,
  /** The RunTask request: findings about how it was run, not about the definition. */
  RUN
}
