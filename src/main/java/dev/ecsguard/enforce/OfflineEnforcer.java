package dev.ecsguard.enforce;

import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.Decision;

/** For runs without AWS: says what the Lambda would do, and does nothing. */
public final class OfflineEnforcer implements Enforcer {

  private final RunTaskAction runTaskAction;

  public OfflineEnforcer() {
    this(RunTaskAction.NONE);
  }

  public OfflineEnforcer(RunTaskAction runTaskAction) {
    this.runTaskAction = runTaskAction;
  }

  @Override
  public Outcome apply(Decision decision, Subject subject, String eventId) {
    return Outcomes.wouldDo(decision, subject, runTaskAction, "offline, nothing was changed");
  }
}
