package dev.ecsguard.cli;

import dev.ecsguard.notify.PrintingNotifier;
import java.util.Locale;

final class Formats {
  private Formats() {}

  /** What {@code lint} writes: text for people, JSON for pipelines, SARIF for code scanning, JUnit for CI. */
  enum Lint { TEXT, JSON, SARIF, JUNIT }

  static PrintingNotifier.Format parse(String text) {
    try {
      return PrintingNotifier.Format.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + text + "': expected text or json");
    }
  }

  static Lint lint(String text) {
    try {
      return Lint.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + text + "': expected text, json, sarif or junit");
    }
  }
}
