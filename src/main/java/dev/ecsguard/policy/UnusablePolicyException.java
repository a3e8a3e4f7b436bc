package dev.ecsguard.policy;

/**
 * The policy cannot be used while the configured mode enforces: failing loudly (the invocation errs, an alarm
 * fires, the event waits in the dead-letter queue for a replay) is safer than quietly auditing with the defaults.
 */
public final class UnusablePolicyException extends RuntimeException {

  public UnusablePolicyException(Mode mode, String reason) {
    super("the policy cannot be used (" + reason + "); in " + (mode == null ? "an unknown" : mode.toString())
        + " mode ecs-guard does not fall back to auditing: fix the policy, then replay the dead-letter queue");
  }
}
