package dev.ecsguard.rule.iam;

import dev.ecsguard.facts.Fact;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one "could not verify" finding a live rule gives per definition, however many references it could not
 * settle: the first, where it was met, with how many other references were left unverified. Ten secrets behind
 * one missing permission are one thing to fix, not ten findings. Offline unknowns are dropped, as
 * {@link Unverified} does.
 */
public final class UnverifiedOnce {

  private Violation first;
  private final Set<String> fields = new HashSet<>();

  /** A fact that could not be had. */
  public void unknown(String container, String field, Fact.Unknown<?> unknown) {
    for (Violation violation : Unverified.at(field, unknown)) {
      add(container, violation);
    }
  }

  /** A question the role's policies leave open: {@code what} says which and why. */
  public void undecided(String container, String field, String what) {
    add(container, Unverified.because(field, what));
  }

  private void add(String container, Violation violation) {
    if (first == null) {
      first = violation.forContainer(container);
    }
    fields.add(violation.field());
  }

  public List<Violation> violations() {
    if (first == null) {
      return List.of();
    }
    int more = fields.size() - 1;
    if (more == 0) {
      return List.of(first);
    }
    return List.of(new Violation(first.container(), first.field(),
        first.message() + " (and " + more + " more " + (more == 1 ? "reference" : "references")
            + " this rule could not verify)", first.note(), first.detector()));
  }
}
