package dev.ecsguard.enforce;

/**
 * The tags ecs-guard writes on the revisions it acts on, for people browsing the console. Never read back: the
 * registrant can write them too, so what ecs-guard did lives in its {@link dev.ecsguard.state.ActionLedger}.
 */
public final class RevisionTags {

  /** When ecs-guard deregistered the revision (ISO-8601 instant). */
  public static final String DEREGISTERED = "ecs-guard:deregistered";
  /** When ecs-guard last stopped tasks started from the revision (ISO-8601 instant). */
  public static final String STOPPED = "ecs-guard:stopped";

  private RevisionTags() {}
}
