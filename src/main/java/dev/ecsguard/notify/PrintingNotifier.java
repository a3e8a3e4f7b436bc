package dev.ecsguard.notify;

import java.io.PrintStream;

/**
 * Offline: the same report, printed (text for people, JSON for pipelines). Nothing from the definition reaches
 * the terminal raw: {@link TextReport} and {@link JsonReport} escape what could drive it.
 */
public final class PrintingNotifier implements Notifier {

  /** Output formats of the CLI. */
  public enum Format { TEXT, JSON }

  private final PrintStream out;
  private final Format format;
  private final TextReport text;

  public PrintingNotifier(PrintStream out, Format format, TextReport text) {
    this.out = out;
    this.format = format;
    this.text = text;
  }

  @Override
  public void publish(Report report) {
    if (format == Format.JSON) {
      out.println(JsonReport.render(report));
    } else if (report.hasFindings()) {
      out.println(text.subject(report));
      out.println();
      out.print(text.body(report));
    } else {
      out.println(noFindingsLine(report));
    }
    out.flush();
  }

  /** {@code ecs-guard: no findings in web:3 (1 exempted)}: the whole report of a definition with nothing to say. */
  public static String noFindingsLine(Report report) {
    int exempted = report.evaluation().findings().size();
    return "ecs-guard: no findings in " + UntrustedText.forText(report.subject().taskDefinition().displayName())
        + (exempted > 0 ? " (" + exempted + " exempted)" : "")
        + (report.evaluation().complete() ? ""
            : " (incomplete: " + UntrustedText.forText(String.join("; ", report.evaluation().gaps())) + ")");
  }
}
