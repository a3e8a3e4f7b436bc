package dev.ecsguard.rule;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the engine found, and whether it could look at everything. An incomplete evaluation is never
 * enforced on: a rule that failed or a fact that was unknown leaves a gap that says why.
 */
public record Evaluation(List<Finding> findings, List<String> gaps) {

  /** Severity, then rule id, then field (none first). */
  static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).thenComparing(Finding::ruleId)
      .thenComparing(finding -> finding.field() == null ? "" : finding.field());

  public Evaluation {
    findings = findings.stream().sorted(ORDER).toList();
    gaps = List.copyOf(gaps);
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
