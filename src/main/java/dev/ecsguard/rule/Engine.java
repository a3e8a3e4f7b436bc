package dev.ecsguard.rule;

import dev.ecsguard.secrets.SensitiveValues;
import dev.ecsguard.model.Subject;
import java.util.ArrayList;
import java.util.List;

/** Runs every rule of the catalog on a subject. Knows nothing of Lambda, SNS or the CLI. */
public final class Engine {

  private final Catalog catalog;

  public Engine(Catalog catalog) {
    this.catalog = catalog;
  }

  public Evaluation evaluate(Subject subject) {
    // Sized for a task that breaks many rules: the list is not copied as it grows (the default grows 3 times).
    List<Finding> findings = new ArrayList<>(32);
    List<String> gaps = new ArrayList<>();
    // The rules and the scrubber share what they derive from the subject (secret scans, parsed images), for
    // this evaluation only.
    Subject evaluated = subject.forOneEvaluation();
    SensitiveValues sensitive = SensitiveValues.of(evaluated);
    List<Catalog.Entry> entries = catalog.entries();
    for (int i = 0; i < entries.size(); i++) {
      Catalog.Entry entry = entries.get(i);
      try {
        List<Violation> violations = entry.rule().check(evaluated);
        for (int j = 0; j < violations.size(); j++) {
          findings.add(Finding.of(entry, violations.get(j)).scrubbed(sensitive));
        }
      } catch (RuntimeException bug) {
        // The exception's message could quote the input; only its type is reported.
        gaps.add("rule " + entry.description().id() + " failed with " + bug.getClass().getSimpleName());
      }
    }
    // A fact that could not be had for a transient reason (throttled, timed out, budget spent) leaves the
    // evaluation incomplete: the rule said "could not verify", and nothing may be enforced on a partial view.
    for (var unknown : subject.facts().transientFailures()) {
      gaps.add("could not verify " + unknown.describe());
    }
    return new Evaluation(findings, gaps);
  }
}
