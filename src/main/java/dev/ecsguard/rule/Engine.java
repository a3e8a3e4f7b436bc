package dev.ecsguard.rule;

import dev.ecsguard.facts.Facts;
import dev.ecsguard.model.Subject;
import dev.ecsguard.secrets.SensitiveValues;
import java.util.ArrayList;
import java.util.List;

/** Runs every rule of the catalog on a subject. Knows nothing of Lambda, SNS or the CLI. */
public final class Engine {

  private final Catalog catalog;

  public Engine(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The subject without AWS: live rules stay silent. */
  public Evaluation evaluate(Subject subject) {
    return evaluate(EvaluationContext.offline(subject));
  }

  /** The subject, with live rules asking {@code facts}. */
  public Evaluation evaluate(Subject subject, Facts facts) {
    return evaluate(new EvaluationContext(subject, facts));
  }

  /** One evaluation: the context is fresh, so what its rules derive is shared among them and nowhere else. */
  public Evaluation evaluate(EvaluationContext context) {
    // Sized for a task that breaks many rules: the list is not copied as it grows (the default grows 3 times).
    List<Finding> findings = new ArrayList<>(32);
    List<String> gaps = new ArrayList<>();
    // The rules and the scrubber share what they derive from the subject (secret scans, parsed images), for
    // this evaluation only.
    EvaluationContext evaluated = context.fresh();
    // Made by the first violation: a definition that breaks no rule has no text to scrub. The rules have asked
    // the secret scan most of its questions by then, and the scrubber reads their answers.
    SensitiveValues sensitive = null;
    List<Catalog.Entry> entries = catalog.entries();
    for (int i = 0; i < entries.size(); i++) {
      Catalog.Entry entry = entries.get(i);
      List<Violation> violations;
      try {
        violations = entry.rule().check(evaluated);
        List<String> notChecked = entry.rule().gaps(evaluated);
        for (int j = 0; j < notChecked.size(); j++) {
          gaps.add(entry.description().id() + " not checked: " + notChecked.get(j));
        }
        if (violations.isEmpty()) {
          continue;
        }
      } catch (RuntimeException bug) {
        gaps.add(failed(entry, bug));
        continue;
      }
      if (sensitive == null) {
        // Outside the rule's try, as it always was: a failure here is the engine's, not the rule's.
        sensitive = SensitiveValues.of(evaluated.derivations());
      }
      try {
        for (int j = 0; j < violations.size(); j++) {
          findings.add(Finding.of(entry, violations.get(j)).scrubbed(sensitive));
        }
      } catch (RuntimeException bug) {
        gaps.add(failed(entry, bug));
      }
    }
    // A fact that could not be had for a transient reason (throttled, timed out, budget spent) leaves the
    // evaluation incomplete: the rule said "could not verify", and nothing may be enforced on a partial view.
    for (var unknown : context.facts().transientFailures()) {
      gaps.add("could not verify " + unknown.describe());
    }
    return new Evaluation(findings, gaps);
  }

  /** The exception's message could quote the input; only its type is reported. */
  private static String failed(Catalog.Entry entry, RuntimeException bug) {
    return "rule " + entry.description().id() + " failed with " + bug.getClass().getSimpleName();
  }
}
