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
    if (!isSorted(sorted)) { // the policy's evaluation gets the engine's, already sorted
      // The engine's findings come rule by rule, and the rules nearly in the order of their ids: grouped by
      // severity, they are most often sorted already, and a pass by severity costs less than the sort. The pass
      // is stable, so findings that compare equal keep their order, and the sort after it (if still needed) gives
      // what it gives on the findings as they came.
      sorted = bySeverity(sorted);
      if (!isSorted(sorted)) {
        Arrays.sort(sorted, ORDER);
      }
    }
    findings = Collections.unmodifiableList(Arrays.asList(sorted));
    gaps = List.copyOf(gaps);
  }

  private static final Severity[] SEVERITIES = Severity.values();

  /** The findings grouped by severity, most severe first, each group in the order given (a counting sort). */
  private static Finding[] bySeverity(Finding[] findings) {
    int[] starts = new int[SEVERITIES.length + 1];
    for (Finding finding : findings) {
      starts[finding.severity().ordinal() + 1]++;
    }
    for (int i = 1; i < starts.length; i++) {
      starts[i] += starts[i - 1];
    }
    Finding[] grouped = new Finding[findings.length];
    for (Finding finding : findings) {
      grouped[starts[finding.severity().ordinal()]++] = finding;
    }
    return grouped;
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

  /** The highest severity among the findings that count within {@code profile}: the others are reported only. */
  public Optional<Severity> highestSeverity(Profile profile) {
    return findings.stream().filter(f -> !f.exempted() && profile.includes(f.profile())).map(Finding::severity)
        .min(Comparator.naturalOrder());
  }

  public Evaluation plusGap(String gap) {
    List<String> all = new java.util.ArrayList<>(gaps);
    all.add(gap);
    return new Evaluation(findings, all);
  }
}
