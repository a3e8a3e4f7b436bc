package dev.ecsguard.enforce;

import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.Decision;

/** Carries out a decision on exactly the evaluated revision (and the tasks its RunTask call started). */
public interface Enforcer {

  /**
   * Acts when the decision says so; idempotent: a retry of the same event finds what its first attempt did.
   * Throws {@link dev.ecsguard.aws.TransientAwsException} when AWS could not be reached, so the event is retried.
   *
   * @param eventId the event acted for, recorded with the action
   */
  Outcome apply(Decision decision, Subject subject, String eventId);
}
