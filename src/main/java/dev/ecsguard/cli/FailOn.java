package dev.ecsguard.cli;

import dev.ecsguard.rule.Severity;
import java.util.Locale;
import java.util.Optional;

/** {@code --fail-on}: the lowest severity that makes the exit status 1, or {@code none}: findings never do. */
final class FailOn {

  static final String NONE = "none";

  private FailOn() {}

  /** @return empty for {@code none} */
  static Optional<Severity> parse(String text) {
    if (text != null && text.trim().toLowerCase(Locale.ROOT).equals(NONE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Severity.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--fail-on: unknown severity '" + text
          + "': expected none, CRITICAL, HIGH, MEDIUM, LOW or INFO");
    }
  }

  /** Whether a highest severity reaches the threshold. */
  static boolean reached(Optional<Severity> highest, Optional<Severity> threshold) {
    return threshold.isPresent() && highest.filter(s -> s.atLeast(threshold.get())).isPresent();
  }
}
