package dev.ecsguard.enforce;

import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.policy.Decision;
import java.util.Set;

/** Carries out a decision on exactly the evaluated revision (and the tasks its RunTask call started). */
public interface Enforcer {

  /**
   * Acts when the decision says so; idempotent. Throws {@link dev.ecsguard.aws.TransientAwsException}
   * when AWS could not be reached, so the event is retried.
   */
  Outcome apply(Decision decision, Subject subject);

  /**
   * The forms of this event's alert already delivered for this revision (a retried event): the revision, as
   * resolved with its tags, carries {@link RevisionTags#ALERTED} = the event id (every form went out) or
   * {@code <event id> <form>,<form>} (some did before a failure). Empty for another event or none.
   */
  default Set<String> alertedForms(TaskDefinition definition, String eventId) {
    String value = eventId == null || definition.tags() == null ? null : definition.tags().get(RevisionTags.ALERTED);
    if (value == null) {
      return Set.of();
    }
    if (value.equals(eventId)) {
      return Set.of(Notifier.ALL_FORMS);
    }
    if (value.startsWith(eventId + " ")) {
      return Set.of(value.substring(eventId.length() + 1).split(","));
    }
    return Set.of();
  }

  /**
   * Remembers, where every execution environment sees it, which forms of this event's alert were delivered
   * ({@link Notifier#ALL_FORMS} for all). Never throws.
   */
  default void markAlerted(TaskDefinition definition, String eventId, Set<String> forms) {}

  /** The tag value {@link #alertedForms} reads back. */
  static String alertedValue(String eventId, Set<String> forms) {
    return forms.contains(Notifier.ALL_FORMS) ? eventId : eventId + " " + String.join(",", new java.util.TreeSet<>(forms));
  }
}
