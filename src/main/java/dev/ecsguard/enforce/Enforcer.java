package dev.ecsguard.enforce;

import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.policy.Decision;

/** Carries out a decision on exactly the evaluated revision. */
public interface Enforcer {

  /**
   * Acts when the decision says so; idempotent. Throws {@link dev.ecsguard.aws.TransientAwsException}
   * when AWS could not be reached, so the event is retried.
   */
  Outcome apply(Decision decision, TaskDefinition definition);
}
