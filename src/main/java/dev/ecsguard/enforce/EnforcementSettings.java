package dev.ecsguard.enforce;

import dev.ecsguard.policy.EnvironmentValues;
import java.util.Map;

/**
 * The enforcement switches read from the environment (next to {@link dev.ecsguard.policy.Settings}; the mode and
 * threshold live in the policy).
 *
 * @param runTaskAction {@code ECS_GUARD_RUN_TASK_ACTION}: {@code none} (default) or {@code stop}
 * @param valve {@code ECS_GUARD_SAFETY_VALVE}: e.g. {@code 5/1h} (default) or {@code off}
 */
public record EnforcementSettings(RunTaskAction runTaskAction, ValveLimit valve) {

  public static final String RUN_TASK_ACTION = "ECS_GUARD_RUN_TASK_ACTION";
  public static final String SAFETY_VALVE = "ECS_GUARD_SAFETY_VALVE";

  public static final EnforcementSettings DEFAULT = new EnforcementSettings(RunTaskAction.NONE, ValveLimit.DEFAULT);

  /** A bad value fails with a message naming the variable. */
  public static EnforcementSettings fromEnvironment(Map<String, String> env) {
    RunTaskAction action = RunTaskAction.NONE;
    ValveLimit valve = ValveLimit.DEFAULT;
    try {
      if (EnvironmentValues.text(env, RUN_TASK_ACTION) != null) {
        action = RunTaskAction.parse(EnvironmentValues.text(env, RUN_TASK_ACTION));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(RUN_TASK_ACTION + ": " + e.getMessage(), e);
    }
    try {
      if (EnvironmentValues.text(env, SAFETY_VALVE) != null) {
        valve = ValveLimit.parse(EnvironmentValues.text(env, SAFETY_VALVE));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SAFETY_VALVE + ": " + e.getMessage(), e);
    }
    return new EnforcementSettings(action, valve);
  }
}
