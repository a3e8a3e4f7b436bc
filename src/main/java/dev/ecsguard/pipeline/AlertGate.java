package dev.ecsguard.pipeline;

import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.notify.PartialDeliveryException;
import dev.ecsguard.notify.Report;
import dev.ecsguard.state.AlertLedger;
import java.time.Clock;
import java.util.Set;

/** Whether an evaluated event's alert goes out, and the record that it did: the pipeline's last step. */
final class AlertGate {

  private final AlertLedger alerts;
  private final Notifier notifier;
  private final Clock clock;
  private final EventLog log;

  AlertGate(AlertLedger alerts, Notifier notifier, Clock clock, EventLog log) {
    this.alerts = alerts;
    this.notifier = notifier;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Notifies, at most once per event and form (a retried event sends only the forms a failure kept back) and once
   * per revision and set of findings within the repeat window (a task run every minute from one revision alerts
   * once). The alert is sent after the action and names it: the enforcer read back what this event's earlier
   * attempts did from its ledger.
   *
   * @return why no alert was sent, or null when it was (or there was nothing to send)
   */
  String alert(String eventId, Report report, TaskDefinition definition, AlertRepeat repeat) {
    Set<String> alreadySent = eventId == null ? Set.of() : alerts.delivered(eventId);
    if (alreadySent.contains(Notifier.ALL_FORMS)) {
      return "already sent for this event id by an earlier attempt; not sent again";
    }
    if (report.hasFindings() && eventId != null && definition.arn() != null && !repeat.off()
        && !alerts.claimAlert(definition.arn(), repeat.digest(report), eventId, clock.instant(), repeat.window())) {
      return "the same findings on this revision were alerted less than " + repeat + " ago; not sent again";
    }
    try {
      notifier.publish(report, alreadySent);
    } catch (PartialDeliveryException partial) {
      remember(eventId, partial.sent());
      throw partial.failure();
    }
    if (report.hasFindings()) {
      remember(eventId, Set.of(Notifier.ALL_FORMS));
    }
    return null;
  }

  /**
   * Records the forms delivered. The record is a retry's only memory of what went out, so it is written more
   * persistently than other calls: up to {@value #RECORD_CALLS} calls (each with the SDK's own retries) within
   * {@link #RECORD_PERSISTENCE}. It never throws: failing now would retry the event and send the alert again, so
   * the worst case of a lost record is a duplicate on a retry.
   */
  private void remember(String eventId, Set<String> forms) {
    if (eventId == null || forms.isEmpty()) {
      return;
    }
    long giveUpAt = System.nanoTime() + RECORD_PERSISTENCE.toNanos();
    RuntimeException failure = null;
    for (int call = 1; call <= RECORD_CALLS; call++) {
      try {
        alerts.recordDelivered(eventId, forms, clock.instant());
        return;
      } catch (dev.ecsguard.aws.PermanentAwsException e) {
        failure = e; // access denied: asking again would not help
        break;
      } catch (RuntimeException e) {
        failure = e;
        if (call == RECORD_CALLS || System.nanoTime() + RECORD_PAUSE.toNanos() * call > giveUpAt) {
          break;
        }
        pause(RECORD_PAUSE.multipliedBy(call));
      }
    }
    log.warning("could not record the alert of event " + eventId + " as sent (" + failure.getMessage()
        + "): a retry of this event may send it again");
  }

  static final int RECORD_CALLS = 3;
  static final java.time.Duration RECORD_PERSISTENCE = java.time.Duration.ofSeconds(8);
  static final java.time.Duration RECORD_PAUSE = java.time.Duration.ofMillis(300);

  private static void pause(java.time.Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
