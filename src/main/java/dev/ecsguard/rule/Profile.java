package dev.ecsguard.rule;

/**
 * Which profile a rule belongs to, as Kubernetes Pod Security Standards split baseline from restricted: teams
 * enforce {@link #BASELINE} everywhere and report {@link #RESTRICTED} long before they enforce it.
 */
public enum Profile {
  /**
   * Plainly dangerous or broken: privilege and host access, credentials in plain text, an administrator task role,
   * a definition ECS would reject or that cannot start, no logs at all. Enforced by default.
   */
  BASELINE("plainly dangerous or broken: a common workload does not need it, and enforcing it breaks nothing that works"),
  /**
   * Hardening: non-root users, dropped capabilities, read-only root file systems, pinned images, health checks and
   * the like. Reported by default; enforced where a team chooses.
   */
  RESTRICTED("hardening: best practice that real workloads often need to be changed for, so reported before enforced");

  private final String why;

  Profile(String why) {
    this.why = why;
  }

  /** What the profile means, for `rules` and the docs. */
  public String why() {
    return why;
  }

  /** Whether enforcing this profile enforces the rules of {@code rules} too: restricted includes baseline. */
  public boolean includes(Profile rules) {
    return rules.ordinal() <= ordinal();
  }

  /** {@code baseline} or {@code restricted}, in any case. */
  public static Profile parse(String text) {
    if (text != null) {
      for (Profile profile : values()) {
        if (profile.name().equalsIgnoreCase(text.trim())) {
          return profile;
        }
      }
    }
    throw new IllegalArgumentException("unknown profile '" + text + "': expected baseline or restricted");
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
