package dev.ecsguard.facts.iam;

/**
 * What a role's identity policies say about one action on one resource.
 *
 * @param reason for a person, never empty: which statement decided, or why it cannot be told
 * @param grantedBy the statement that allows all of the question without a Condition, when one does (even if
 *     a Deny, a Condition elsewhere or a boundary leaves the outcome unknown), else null
 */
public record Decision(Outcome outcome, String reason, String grantedBy) {

  public enum Outcome {
    /** An Allow applies without a Condition, and nothing that could take it away is there. */
    ALLOWED,
    /** A Deny without a Condition applies: nothing can allow it. */
    DENIED,
    /** No Allow applies: the role cannot, whatever else is true. */
    NOT_ALLOWED,
    /** The answer depends on something ecs-guard does not model: see the reason. */
    UNKNOWN
  }

  /** Denied or not allowed: the role cannot, and a rule may say so. */
  public boolean refused() {
    return outcome == Outcome.DENIED || outcome == Outcome.NOT_ALLOWED;
  }

  static Decision allowed(String by) {
    return new Decision(Outcome.ALLOWED, "allowed by " + by, by);
  }

  static Decision denied(String by) {
    return new Decision(Outcome.DENIED, "explicitly denied by " + by, null);
  }

  static Decision notAllowed(String reason) {
    return new Decision(Outcome.NOT_ALLOWED, reason, null);
  }

  static Decision unknown(String reason, String grantedBy) {
    return new Decision(Outcome.UNKNOWN, reason, grantedBy);
  }
}
