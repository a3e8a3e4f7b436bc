package dev.ecsguard.rule;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the engine found, and whether it could look at everything. An incomplete evaluation is never
 * enforced on: a rule that failed or a fact that was unknown leaves a gap that says why.
 */
public record Evaluation(List<Finding> findings, List<String> gaps) {

  /** Severity, then rule id, then field (none first). Written out: every evaluation sorts its findings twice. */
  static final Comparator<Finding> ORDER = (a, b) -> {
    int bySeverity = a.severity().compareTo(b.severity());
    if (bySeverity != 0) {
      return bySeverity;
    }
    int byRule = a.ruleId().compareTo(b.ruleId());
    if (byRule != 0) {
      return byRule;
    }
    return (a.field() == null ? "" : a.field()).compareTo(b.field() == null ? "" : b.field());
  };

  public Evaluation {
    // A stable sort into an unmodifiable list that, like Stream.toList, accepts what it was given.
    Finding[] sorted = findings.toArray(new Finding[0]);
    if (!isSorted(sorted)) {
      Arrays.sort(sorted, ORDER); // the policy's evaluation gets the engine's, already sorted
    }
    findings = Collections.unmodifiableList(Arrays.asList(sorted));
    gaps = List.copyOf(gaps);
  }

  private static boolean isSorted(Finding[] findings) {
    for (int i = 1; i < findings.length; i++) {
      if (ORDER.compare(findings[i - 1], findings[i]) > 0) {
        return false;
      }
    }
    return true;
  }

  public boolean complete() {
    return gaps.isEmpty();
  }

  /** The findings that count: not exempted. */
  public List<Finding> reported() {
    return findings.stream().filter(f -> !f.exempted()).toList();
  }

  /** The highest severity among the findings that count (exempted ones do not). */
  public Optional<Severity> highestSeverity() {
    return findings.stream().filter(f -> !f.exempted()).map(Finding::severity).min(Comparator.naturalOrder());
  }

  public Evaluation plusGap(String gap) {
    List<String> all = new java.util.ArrayList<>(gaps);
    all.add(gap);
    return new Evaluation(findings, all);
  }
}
