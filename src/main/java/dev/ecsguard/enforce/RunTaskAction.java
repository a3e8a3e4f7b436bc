package dev.ecsguard.enforce;

import java.util.Locale;

/** {@code ECS_GUARD_RUN_TASK_ACTION}: what enforce mode does to the tasks a non-compliant RunTask call started. */
public enum RunTaskAction {
  /** Leave them running (the default): only the revision can be deregistered. */
  NONE,
  /** Stop them ({@code ecs:StopTask}) with a reason naming the rules. */
  STOP;

  public static RunTaskAction parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown run-task action '" + text + "': expected none or stop");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
