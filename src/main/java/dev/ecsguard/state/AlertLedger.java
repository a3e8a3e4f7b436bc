package dev.ecsguard.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which alerts went out: per event, the forms delivered (so a retry sends only the rest, never one twice), and
 * per revision, when each set of findings was last alerted (so a task run every minute from one non-compliant
 * revision alerts once a day, not 1,440 times).
 */
public interface AlertLedger {

  /** The forms of this event's alert already delivered ({@code "*"} once every form went out). */
  Set<String> delivered(String eventId);

  /** Adds forms to those delivered for this event. */
  void recordDelivered(String eventId, Set<String> forms, Instant now);

  /**
   * Claims the alert for this revision and set of findings: true when it was not alerted within {@code window}
   * by another event (this event's own earlier attempt does not count), and then remembers it as alerted now.
   *
   * @param findingSet a digest of what the alert says (rules, containers, fields, severities, action)
   */
  boolean claimAlert(String revisionArn, String findingSet, String eventId, Instant now, Duration window);
}
