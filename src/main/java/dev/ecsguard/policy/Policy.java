package dev.ecsguard.policy;

import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns an evaluation into a decision: mode, profile, threshold, and the conditions under which acting is safe. */
public final class Policy {

  private final ActivePolicy policy;

  public Policy(ActivePolicy policy) {
    this.policy = policy;
  }

  public Decision decide(Subject subject, Evaluation evaluation) {
    PolicyDocument document = policy.document();
    // Exempted findings (not in reported()), rules the policy keeps to reporting, rules outside the enforced
    // profile, and INFO notes ("could not verify") never act.
    Profile profile = document.profile();
    List<Finding> atThreshold = evaluation.reported().stream()
        .filter(f -> f.severity() != Severity.INFO)
        .filter(f -> f.severity().atLeast(document.enforceThreshold()))
        .filter(f -> policy.catalog().byId(f.ruleId()).map(Catalog.Entry::enforce).orElse(false))
        .toList();
    List<Finding> acting = atThreshold.stream().filter(f -> profile.includes(f.profile())).toList();
    long outsideProfile = atThreshold.size() - acting.size();
    // Findings about how a task was run (RunTask overrides) say nothing against the revision itself: they may
    // stop the tasks that run started, never deregister the revision.
    List<Finding> onRevision = acting.stream().filter(f -> f.kind() != RuleKind.RUN).toList();
    boolean started = subject.run().map(RunRequest::startedTaskArns).map(t -> !t.isEmpty()).orElse(false);
    List<Finding> onRun = started ? acting : List.of();
    Mode mode = document.mode();
    if (!mode.decides()) {
      return Decision.reportOnly("audit mode: reported only");
    }
    if (onRevision.isEmpty() && onRun.isEmpty()) {
      boolean runFindings = evaluation.reported().stream().anyMatch(f -> f.kind() == RuleKind.RUN);
      return Decision.reportOnly("no finding about the task definition itself reaches " + document.enforceThreshold()
          + " in the " + profile + " profile"
          + (outsideProfile > 0 ? " (" + outsideProfile + " finding(s) of the restricted profile are reported, not "
              + "enforced)" : "")
          + (runFindings ? " (findings about how the task was run are reported, never enforced on the revision)" : ""));
    }
    // The acting findings are certain: an unknown fact makes only an INFO "could not verify", never a finding, so
    // what is unknown (the evaluation's gaps, reported with the decision) cannot cancel them.
    Optional<TaskDefinitionArn> arn = subject.taskDefinition().parsedArn();
    if (arn.isEmpty()) {
      return Decision.reportOnly("the exact revision is not known: nothing to deregister");
    }
    // An event that names no account or region (EventBridge always sets both; a hand-made or broken one may not)
    // cannot show that the revision is its own: found by fuzzing, such an event was enforced on.
    if (subject.region() == null || subject.account() == null) {
      return Decision.reportOnly("the event names no account or region: the revision cannot be checked to be its "
          + "own, not acting");
    }
    if (!subject.region().equals(arn.get().region()) || !subject.account().equals(arn.get().account())) {
      return Decision.reportOnly("the revision belongs to another account or region than the event: not acting");
    }
    boolean dryRun = mode == Mode.DRY_RUN;
    List<Finding> triggering = new ArrayList<>(onRevision);
    onRun.stream().filter(f -> !triggering.contains(f)).forEach(triggering::add);
    StringBuilder reason = new StringBuilder();
    reason.append(triggering.size()).append(" certain finding(s) at or above ").append(document.enforceThreshold())
        .append(" in the ").append(profile).append(" profile");
    if (!evaluation.complete()) {
      reason.append(" (whatever the unverified facts: ").append(String.join("; ", evaluation.gaps())).append(')');
    }
    if (onRevision.isEmpty()) {
      reason.append(", about how the task was run only (the revision is kept)");
    }
    return new Decision(!onRevision.isEmpty(), !onRun.isEmpty(), dryRun, reason.toString(), triggering);
  }
}
