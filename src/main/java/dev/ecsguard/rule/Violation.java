package dev.ecsguard.rule;

import dev.ecsguard.model.ContainerDefinition;

/**
 * One problem a rule found.
 *
 * @param container the container's name, or null for task-level problems
 * @param field a JSON pointer into the task definition ({@code /containerDefinitions/1/user}), or into the
 *     RunTask request ({@code /overrides/containerOverrides/0/environment/2}) for RUN rules
 * @param message this instance, for a person: what was seen, never a secret value
 * @param note a "could not verify" note about a fact that is unknown, made only by {@link Unverified}: reported at
 *     INFO, never enforced, and not a finding of the rule's concern; every other violation has its rule's severity
 *     (one concern, one id, one severity: a rule has no way to report another)
 * @param detector which detector fired, for secret rules; null otherwise
 */
public record Violation(String container, String field, String message, boolean note, String detector) {

  /** A problem at a field relative to the container (container rules) or a pointer (task-level rules). */
  public static Violation at(String field, String message) {
    return new Violation(null, field, message, false, null);
  }

  /** A problem in a named container that a task-level rule found (its field is already absolute). */
  public static Violation inContainer(String container, String field, String message) {
    return new Violation(container, field, message, false, null);
  }

  /** A note of {@link Unverified}, which alone makes them. */
  static Violation note(String field, String message) {
    return new Violation(null, field, message, true, null);
  }

  public Violation withDetector(String name) {
    return new Violation(container, field, message, note, name);
  }

  /** The same violation in a named container (a task-level rule that met it there). */
  public Violation forContainer(String name) {
    return new Violation(name, field, message, note, detector);
  }

  /** Places a container-relative violation in the task definition. */
  Violation inContainer(ContainerDefinition definition) {
    // Every finding of every container rule passes here: the usual indexes' prefixes are made once, so a
    // pointer is one concatenation of two strings, without formatting the index each time.
    int index = definition.index();
    String pointer;
    if (index >= 0 && index < POINTERS.length) {
      pointer = field.isEmpty() ? POINTERS[index] : POINTERS_SLASH[index].concat(field);
    } else {
      pointer = field.isEmpty() ? "/containerDefinitions/" + index : "/containerDefinitions/" + index + "/" + field;
    }
    return new Violation(definition.name(), pointer, message, note, detector);
  }

  /** {@code /containerDefinitions/<i>} for the first indexes (a task holds at most 10 containers). */
  private static final String[] POINTERS = new String[16];
  /** The same followed by {@code /}. */
  private static final String[] POINTERS_SLASH = new String[POINTERS.length];

  static {
    for (int i = 0; i < POINTERS.length; i++) {
      POINTERS[i] = "/containerDefinitions/" + i;
      POINTERS_SLASH[i] = POINTERS[i] + "/";
    }
  }

  /** Escapes one JSON pointer token (RFC 6901): option keys and label names may hold '/' or '~'. */
  public static String token(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
