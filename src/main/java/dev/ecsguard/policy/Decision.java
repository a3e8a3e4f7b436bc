package dev.ecsguard.policy;

import dev.ecsguard.rule.Finding;
import java.util.List;

/**
 * What the policy wants done about an evaluation, and why. The enforcer acts on it (or, in dry-run, says what it
 * would do); the policy has already checked that acting is safe (certain findings, exact revision, the event's
 * own account and region, no exempted finding).
 *
 * @param deregister whether the evaluated revision should be deregistered
 * @param stopTasks whether the tasks a RunTask call started warrant stopping (the enforcer stops them only when
 *     {@code ECS_GUARD_RUN_TASK_ACTION=stop})
 * @param dryRun decided as in enforce mode, but nothing may be changed
 * @param reason for a person: why it acts or why not
 * @param triggering the findings that justify acting (empty when it does not act)
 */
public record Decision(boolean deregister, boolean stopTasks, boolean dryRun, String reason, List<Finding> triggering) {

  public Decision {
    triggering = List.copyOf(triggering);
  }

  public static Decision reportOnly(String reason) {
    return new Decision(false, false, false, reason, List.of());
  }

  public static Decision deregister(String reason, List<Finding> triggering) {
    return new Decision(true, false, false, reason, triggering);
  }

  /** Whether anything is to be done (or, in dry-run, would be). */
  public boolean acts() {
    return deregister || stopTasks;
  }

  /** The distinct rule ids of the triggering findings, in order. */
  public List<String> ruleIds() {
    return triggering.stream().map(Finding::ruleId).distinct().toList();
  }
}
