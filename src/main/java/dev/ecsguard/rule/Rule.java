package dev.ecsguard.rule;

import java.util.List;

/**
 * A check. Rules are pure: they read the subject, never log, never call AWS, hold no state between
 * calls, and describe each problem as a {@link Violation} that names the field and never a secret value.
 * The engine turns violations into findings with the rule's metadata.
 */
public interface Rule {
  List<Violation> check(EvaluationContext context);

  /**
   * What this rule could not check in the subject, and why ({@link RegionGaps#UNKNOWN_REGION}): each becomes a gap
   * of the evaluation, so a rule that lacks what it needs says so instead of passing in silence. None by default.
   */
  default List<String> gaps(EvaluationContext context) {
    return List.of();
  }
}
