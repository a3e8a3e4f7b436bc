package dev.ecsguard.enforce;

/**
 * The tags ecs-guard writes on the revisions it acts on. They are its only memory shared by every execution
 * environment: the safety valve counts them, and a retried event finds that its alert was already sent.
 */
public final class RevisionTags {

  /** When ecs-guard deregistered the revision (ISO-8601 instant); written just before deregistering. */
  public static final String DEREGISTERED = "ecs-guard:deregistered";
  /** When ecs-guard last stopped tasks started from the revision (ISO-8601 instant). */
  public static final String STOPPED = "ecs-guard:stopped";
  /** The CloudTrail event id whose alert was last published for the revision. */
  public static final String ALERTED = "ecs-guard:alerted";

  private RevisionTags() {}
}
