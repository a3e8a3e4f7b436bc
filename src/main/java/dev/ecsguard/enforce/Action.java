package dev.ecsguard.enforce;

/** What ecs-guard did about an event, as the report and the alert's attributes say it. */
public enum Action {
  /** Nothing: audit mode, nothing at the threshold, or acting was not safe (the outcome says why). */
  NONE,
  /** The revision was deregistered (and, when configured, the tasks the RunTask call started were stopped). */
  DEREGISTERED,
  /** Enforcement was due but the revision was already INACTIVE (a retry, or someone faster). */
  ALREADY_INACTIVE,
  /** Enforcement was due but this run does not act (dry-run mode, or the offline CLI): what enforce would do. */
  WOULD_DEREGISTER,
  /** The tasks the RunTask call started were stopped; the revision itself was kept. */
  STOPPED,
  /** Dry-run: the started tasks would have been stopped; the revision would be kept. */
  WOULD_STOP,
  /** Enforcement was due but the safety valve held it: too many actions on the family recently. */
  SAFETY_VALVE
}
