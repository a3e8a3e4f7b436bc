package dev.ecsguard.rule;

import dev.ecsguard.facts.Fact;
import java.util.List;

/**
 * What a live rule says when a fact is unknown: one INFO finding "could not verify: …, needs <permission>",
 * or nothing offline (a linted file has no account to ask). Never a pass, never a fail.
 */
public final class Unverified {

  private Unverified() {}

  public static List<Violation> at(String field, Fact.Unknown<?> unknown) {
    if (unknown.reason() == Fact.Reason.OFFLINE) {
      return List.of();
    }
    return List.of(Violation.at(field, "could not verify: " + unknown.describe()).withSeverity(Severity.INFO));
  }
}
