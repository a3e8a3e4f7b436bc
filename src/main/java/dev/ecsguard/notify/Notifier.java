package dev.ecsguard.notify;

import java.util.Set;

/** Delivers a report to the people and systems that act on it. */
public interface Notifier {

  /** Every form, as {@link #publish(Report, Set)} reports a complete delivery. */
  String ALL_FORMS = "*";

  /**
   * Delivers the report. Throws {@link dev.ecsguard.aws.TransientAwsException} when delivery failed in a
   * way a retry may fix, so that the alert is not lost.
   */
  void publish(Report report);

  /**
   * Delivers the forms of the report not delivered yet (a retried event remembers the ones that went out), and
   * returns {@link #ALL_FORMS} once everything is out. When a form fails after others went out, throws
   * {@link PartialDeliveryException} naming the ones that did, so the retry sends only the rest.
   */
  default Set<String> publish(Report report, Set<String> alreadySent) {
    if (!alreadySent.contains(ALL_FORMS)) {
      publish(report);
    }
    return Set.of(ALL_FORMS);
  }
}
