package dev.ecsguard.enforce;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ECS_GUARD_SAFETY_VALVE}: at most {@code actions} enforcement actions per family within {@code window},
 * written {@code 5/1h} (units {@code s}, {@code m}, {@code h}, {@code d}). {@code off} disables the valve.
 */
public record ValveLimit(int actions, Duration window) {

  public static final ValveLimit DEFAULT = new ValveLimit(5, Duration.ofHours(1));
  /** No limit. */
  public static final ValveLimit OFF = new ValveLimit(Integer.MAX_VALUE, Duration.ZERO);

  private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\s*/\\s*(\\d{1,6})\\s*([smhd])");

  public ValveLimit {
    if (actions <= 0) {
      throw new IllegalArgumentException("the number of actions must be positive");
    }
  }

  public static ValveLimit parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("off")) {
      return OFF;
    }
    Matcher m = FORM.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not N/<window> (e.g. 5/1h) or off");
    }
    long amount = Long.parseLong(m.group(2));
    Duration window = switch (m.group(3)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    if (window.isZero()) {
      throw new IllegalArgumentException("the window must be positive");
    }
    return new ValveLimit(Integer.parseInt(m.group(1)), window);
  }

  public boolean off() {
    return window.isZero();
  }

  /** {@code 1h}, {@code 30m}: the window as written. */
  public String windowText() {
    long s = window.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  @Override
  public String toString() {
    return off() ? "off" : actions + "/" + windowText();
  }
}
