package dev.ecsguard.policy;

import java.util.Locale;

/** What ecs-guard does about findings. */
public enum Mode {
  /** Report only (the default). */
  AUDIT,
  /** Decide exactly as {@link #ENFORCE} does, and report what would be done ("would deregister"), without acting. */
  DRY_RUN,
  /** Deregister a non-compliant revision (and stop its tasks, when configured). */
  ENFORCE;

  /** {@code audit}, {@code dry-run} (or {@code dry_run}, {@code dryrun}) or {@code enforce}, in any case. */
  public static Mode parse(String text) {
    if (text != null) {
      String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (name.equals("DRYRUN")) {
        return DRY_RUN;
      }
      for (Mode mode : values()) {
        if (mode.name().equals(name)) {
          return mode;
        }
      }
    }
    throw new IllegalArgumentException("unknown mode '" + text + "': expected audit, dry-run or enforce");
  }

  /** Whether enforcement is decided (enforce and dry-run); only enforce acts. */
  public boolean decides() {
    return this != AUDIT;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
