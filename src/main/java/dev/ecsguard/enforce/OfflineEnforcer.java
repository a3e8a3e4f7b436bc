package dev.ecsguard.enforce;

import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.policy.Decision;

/** For runs without AWS: says what the Lambda would do, and does nothing. */
public final class OfflineEnforcer implements Enforcer {
  @Override
  public Outcome apply(Decision decision, TaskDefinition definition) {
    if (!decision.deregister()) {
      return Outcome.none(decision.reason());
    }
    return new Outcome(Action.WOULD_DEREGISTER,
        "would deregister " + definition.displayName() + " (" + decision.reason() + "); offline, nothing was changed");
  }
}
