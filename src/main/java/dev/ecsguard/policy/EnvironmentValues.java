package dev.ecsguard.policy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading {@code ECS_GUARD_*} variables: unset or blank means the default, surrounding blanks are ignored, and
 * anything else that is not a documented value fails with one line naming the variable and what it accepts.
 */
public final class EnvironmentValues {

  /** Longer values are not quoted back: a message stays one short line. */
  private static final int QUOTED = 40;

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

  private EnvironmentValues() {}

  /** The value without surrounding blanks, or null when unset or blank. */
  public static String text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * A whole number from {@code min} to {@code max}, or {@code absent} when unset or blank. Signs, decimals,
   * overflow and values out of bounds fail alike.
   */
  public static int integer(Map<String, String> env, String name, int min, int max, int absent) {
    String value = text(env, name);
    if (value == null) {
      return absent;
    }
    // ASCII digits only (Long.parseLong also takes other scripts' digits); any number of them: a long one is out
    // of bounds, not a different failure.
    if (!WHOLE_NUMBER.matcher(value).matches()) {
      throw new IllegalArgumentException(name + ": " + quoted(value) + " is not a whole number (" + min + " to "
          + max + ")");
    }
    long parsed = value.length() <= 18 ? Long.parseLong(value) : value.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(name + ": " + quoted(value) + " is out of bounds (" + min + " to " + max + ")");
    }
    return (int) parsed;
  }

  /** The value in quotes, shortened, with anything unprintable replaced: it goes into a log line. */
  static String quoted(String value) {
    String shown = value.length() > QUOTED ? value.substring(0, QUOTED) + "…" : value;
    return "'" + shown.replaceAll("[^\\x20-\\x7E…]", "?") + "'";
  }
}
