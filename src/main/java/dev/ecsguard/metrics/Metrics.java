package dev.ecsguard.metrics;

/** Where the per-event metrics go. */
public interface Metrics {

  void record(EventMetrics event);

  /** Nothing (the CLI unless asked, tests). */
  Metrics NONE = event -> { };
}
