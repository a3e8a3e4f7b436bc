package dev.ecsguard.policy;

import java.util.Locale;

/** What ecs-guard does about findings. */
public enum Mode {
  /** Report only (the default). */
  AUDIT,
  /** Deregister a non-compliant revision. */
  ENFORCE;

  public static Mode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown mode '" + text + "': expected audit or enforce");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
