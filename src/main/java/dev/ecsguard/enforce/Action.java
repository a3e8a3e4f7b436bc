package dev.ecsguard.enforce;

/** What ecs-guard did about an event, as the report and the alert's attributes say it. */
public enum Action {
  /** Nothing: audit mode, nothing at the threshold, or acting was not safe (the outcome says why). */
  NONE,
  /** The revision was deregistered. */
  DEREGISTERED,
  /** Enforcement was due but the revision was already INACTIVE. */
  ALREADY_INACTIVE,
  /** Enforcement was due but this run cannot act (offline CLI): what the Lambda would do. */
  WOULD_DEREGISTER
}
