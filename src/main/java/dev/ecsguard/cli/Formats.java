package dev.ecsguard.cli;

import dev.ecsguard.notify.PrintingNotifier;
import java.util.Locale;

final class Formats {
  private Formats() {}

  static PrintingNotifier.Format parse(String text) {
    try {
      return PrintingNotifier.Format.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + text + "': expected text or json");
    }
  }
}
