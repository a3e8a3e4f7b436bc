package dev.ecsguard.facts;

/**
 * An answer about the account: known, or unknown with the reason. A rule never turns an unknown into a
 * pass or a fail; it says it could not verify (or stays silent offline), and enforcement never acts on it.
 */
public sealed interface Fact<T> {

  /** Why a fact is unknown. */
  enum Reason {
    /** No AWS here (the CLI without --aws, a file): nothing to say. */
    OFFLINE(false),
    /** The function's role may not ask: a permission is missing. */
    ACCESS_DENIED(false),
    /** The lookup does not apply (an image outside ECR, a role in another account). */
    NOT_APPLICABLE(false),
    /** AWS throttled the lookup. */
    THROTTLED(true),
    /** The lookup did not answer in time. */
    TIMED_OUT(true),
    /**
     * ecs-guard's own inventory has not completed its first sweep: "nothing found" is not yet an answer. Not
     * transient for the event: a retry would find the same, so it neither blocks nor cancels a certain finding.
     */
    BEING_BUILT(false),
    /** The event's budget of calls or time was spent before this lookup. */
    BUDGET_EXHAUSTED(true),
    /** AWS failed (5xx, connection). */
    FAILED(true);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** A transient reason leaves the evaluation incomplete: nothing is enforced on it. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  record Known<T>(T value) implements Fact<T> {}

  /**
   * @param detail for a person: what could not be looked up
   * @param permission the IAM action that would let ecs-guard know, or null
   */
  record Unknown<T>(Reason reason, String detail, String permission) implements Fact<T> {

    /** {@code could not verify: <detail> (<reason>), needs <permission>}. */
    public String describe() {
      return detail + " (" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")"
          + (permission == null ? "" : ", needs " + permission);
    }
  }

  static <T> Fact<T> known(T value) {
    return new Known<>(value);
  }

  static <T> Fact<T> unknown(Reason reason, String detail, String permission) {
    return new Unknown<>(reason, detail, permission);
  }
}
