package dev.ecsguard.rule;

import java.util.Locale;

/** Severities, highest first; the labels match Security Hub's, with INFO for INFORMATIONAL. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }

  /** Parses a user-given severity, case-insensitively; the message lists the accepted values. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "': expected one of CRITICAL, HIGH, MEDIUM, LOW, INFO");
    }
  }
}
