package dev.ecsguard.cli;

import dev.ecsguard.scan.RevisionScan;
import java.io.PrintWriter;

/**
 * The scan's progress on one line of stderr, redrawn in place: only when a person is watching (a terminal), never
 * into a pipe or a file, where it would be noise between the results.
 */
final class ProgressBar implements RevisionScan.Progress {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private int drawn;

  private ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  /** A bar on {@code err} when the process runs on a terminal; otherwise nothing is drawn. */
  static RevisionScan.Progress onTerminal(PrintWriter err, String label) {
    return onTerminal() ? new ProgressBar(err, label) : RevisionScan.Progress.NONE;
  }

  /**
   * {@code System.console()} is null when a standard stream is redirected; from Java 22 it may be a console all the
   * same, and {@code Console.isTerminal()} tells.
   */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22: a console is a terminal
    }
  }

  @Override
  public void revision(int done, int listed, boolean morePages) {
    int filled = listed == 0 ? 0 : Math.min(WIDTH, done * WIDTH / listed);
    String line = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + listed
        + (morePages ? "+" : "");
    err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    err.flush();
    drawn = line.length();
  }

  /** Clears the bar's line before the results are printed. */
  static void clear(RevisionScan.Progress progress) {
    if (progress instanceof ProgressBar bar && bar.drawn > 0) {
      bar.err.print("\r" + " ".repeat(bar.drawn) + "\r");
      bar.err.flush();
      bar.drawn = 0;
    }
  }
}
