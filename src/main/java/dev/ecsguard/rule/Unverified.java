package dev.ecsguard.rule;

import dev.ecsguard.facts.Fact;
import java.util.List;

/**
 * What a live rule says when a fact is unknown: one INFO note "could not verify: …, needs <permission>", or
 * nothing offline (a linted file has no account to ask). Never a pass, never a fail.
 *
 * <p>A note is not a finding of the rule's concern but a statement that its concern could not be judged, so it is
 * the one exception to "one rule, one severity": it is flagged ({@link Violation#note()}) and always INFO, never
 * enforced, whatever severity the rule or the policy gives. Only this class makes notes.
 */
public final class Unverified {

  private Unverified() {}

  public static List<Violation> at(String field, Fact.Unknown<?> unknown) {
    if (unknown.reason() == Fact.Reason.OFFLINE) {
      return List.of();
    }
    return List.of(because(field, unknown.describe()));
  }

  /** A question the facts leave open ({@code what} says which and why): "could not verify: " + what. */
  public static Violation because(String field, String what) {
    return Violation.note(field, "could not verify: " + what);
  }
}
