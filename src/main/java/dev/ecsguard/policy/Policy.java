package dev.ecsguard.policy;

import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleKind;
import java.util.List;
import java.util.Optional;

/** Turns an evaluation into a decision: mode, threshold, and the conditions under which acting is safe. */
public final class Policy {

  private final Settings settings;

  public Policy(Settings settings) {
    this.settings = settings;
  }

  public Decision decide(Subject subject, Evaluation evaluation) {
    // Findings about how a task was run (RunTask overrides) say nothing against the revision itself.
    List<Finding> triggering = evaluation.findings().stream()
        .filter(f -> f.kind() != RuleKind.RUN)
        .filter(f -> f.severity().atLeast(settings.enforceSeverity()))
        .toList();
    if (settings.mode() != Mode.ENFORCE) {
      return Decision.reportOnly("audit mode: reported only");
    }
    if (triggering.isEmpty()) {
      boolean runFindings = evaluation.findings().stream().anyMatch(f -> f.kind() == RuleKind.RUN);
      return Decision.reportOnly("no finding about the task definition itself reaches " + settings.enforceSeverity()
          + (runFindings ? " (findings about how the task was run are reported, never enforced on the revision)" : ""));
    }
    if (!evaluation.complete()) {
      return Decision.reportOnly("evaluation incomplete (" + String.join("; ", evaluation.gaps())
          + "): nothing is enforced on a partial verdict");
    }
    Optional<TaskDefinitionArn> arn = subject.taskDefinition().parsedArn();
    if (arn.isEmpty()) {
      return Decision.reportOnly("the exact revision is not known: nothing to deregister");
    }
    if (subject.region() != null && !subject.region().equals(arn.get().region())
        || subject.account() != null && !subject.account().equals(arn.get().account())) {
      return Decision.reportOnly("the revision belongs to another account or region than the event: not acting");
    }
    return Decision.deregister(triggering.size() + " finding(s) at or above " + settings.enforceSeverity(), triggering);
  }
}
