package dev.ecsguard.enforce;

import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.policy.Decision;

/** Carries out a decision on exactly the evaluated revision (and the tasks its RunTask call started). */
public interface Enforcer {

  /**
   * Acts when the decision says so; idempotent. Throws {@link dev.ecsguard.aws.TransientAwsException}
   * when AWS could not be reached, so the event is retried.
   */
  Outcome apply(Decision decision, Subject subject);

  /**
   * Whether this event's alert was already published for this revision (a retried event): the revision, as
   * resolved with its tags, carries {@link RevisionTags#ALERTED} with this event id.
   */
  default boolean alreadyAlerted(TaskDefinition definition, String eventId) {
    return eventId != null && definition.tags() != null && eventId.equals(definition.tags().get(RevisionTags.ALERTED));
  }

  /** Remembers, where every execution environment sees it, that this event's alert was published. Never throws. */
  default void markAlerted(TaskDefinition definition, String eventId) {}
}
