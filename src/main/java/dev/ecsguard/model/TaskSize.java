package dev.ecsguard.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task-level CPU and memory as ECS accepts them: CPU in units ({@code "256"}) or vCPU ({@code "1 vCPU"},
 * {@code ".25 vcpu"}); memory in MiB ({@code "512"}) or GB ({@code "2GB"}, {@code "0.5 GB"}). ECS converts
 * both to integers at registration; files and events may still carry the text forms.
 */
public final class TaskSize {

  private static final Pattern VCPU = Pattern.compile("(\\d*\\.?\\d+)\\s*vcpu");
  private static final Pattern GB = Pattern.compile("(\\d*\\.?\\d+)\\s*gb");

  private TaskSize() {}

  /** CPU units (1 vCPU = 1024), or empty when absent or unreadable. */
  public static OptionalInt cpuUnits(String cpu) {
    return parse(cpu, VCPU, 1024);
  }

  /** Memory in MiB (1 GB = 1024 MiB, as ECS counts it), or empty when absent or unreadable. */
  public static OptionalInt memoryMiB(String memory) {
    return parse(memory, GB, 1024);
  }

  /** One to nine ASCII digits: always an int, read the same by {@link BigDecimal}. */
  private static boolean isPlainNumber(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static OptionalInt parse(String text, Pattern withUnit, int unitFactor) {
    if (text == null) {
      return OptionalInt.empty();
    }
    String trimmed = text.trim();
    if (isPlainNumber(trimmed)) {
      // The usual form ("256", "1024"), read by several rules per evaluation: no regex, no BigDecimal.
      return OptionalInt.of(Integer.parseInt(trimmed));
    }
    String normalized = trimmed.toLowerCase(Locale.ROOT);
    try {
      Matcher m = withUnit.matcher(normalized);
      BigDecimal value = m.matches()
          ? new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitFactor))
          : new BigDecimal(normalized);
      return value.signum() < 0 || value.stripTrailingZeros().scale() > 0
          ? OptionalInt.empty()
          : OptionalInt.of(value.intValueExact());
    } catch (NumberFormatException | ArithmeticException unreadable) {
      return OptionalInt.empty();
    }
  }
}
