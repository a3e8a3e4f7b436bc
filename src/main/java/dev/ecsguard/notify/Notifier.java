package dev.ecsguard.notify;

/** Delivers a report to the people and systems that act on it. */
public interface Notifier {

  /**
   * Delivers the report. Throws {@link dev.ecsguard.aws.TransientAwsException} when delivery failed in a
   * way a retry may fix, so that the alert is not lost.
   */
  void publish(Report report);
}
