package dev.ecsguard.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format, written by hand: one JSON line per event on stdout, which Lambda ships to
 * CloudWatch Logs as is (the runtime does not wrap stdout in its JSON log format), and CloudWatch extracts the
 * metrics from it. Spec:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * <p>Why not Powertools metrics 2.9.0: it brings log4j, aws-embedded-metrics, aws-lambda-java-events with joda-time
 * and its own Jackson, and its flush hangs outside Lambda unless {@code AWS_LAMBDA_FUNCTION_NAME} is set (the CLI
 * runs outside Lambda). The format is a small documented JSON structure; this writer is about sixty lines.
 *
 * <p>The summary line: namespace {@code EcsGuard}, dimension set {@code [["Mode"]]}, metrics Events, Findings,
 * Actions, Errors (Count) and LatencyMillis (Milliseconds). A dimension takes one value per document, so findings
 * by rule and severity take one more line per rule that fired, with dimension set {@code [["Rule","Severity"]]}
 * and the metric Findings: at most one line per rule in the catalog.
 */
public final class EmfMetrics implements Metrics {

  public static final String NAMESPACE = "EcsGuard";

  private final PrintStream out;
  private final Clock clock;

  public EmfMetrics(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void record(EventMetrics event) {
    long now = clock.millis();
    ObjectNode summary = document(now, new String[] {"Mode"},
        new String[][] {{"Events", "Count"}, {"Findings", "Count"}, {"Actions", "Count"}, {"Errors", "Count"},
            {"LatencyMillis", "Milliseconds"}});
    summary.put("Mode", event.mode());
    summary.put("Events", 1);
    summary.put("Findings", event.findingCount());
    summary.put("Actions", event.acted() ? 1 : 0);
    summary.put("Errors", event.error() ? 1 : 0);
    summary.put("LatencyMillis", event.millis());
    // Not dimensions (no metric cost), searchable with Logs Insights.
    summary.put("Status", event.status());
    summary.put("Action", event.action());
    StringBuilder lines = new StringBuilder(Json.write(summary)).append('\n');
    for (Map.Entry<String, Map<String, Integer>> rule : event.findings().entrySet()) {
      for (Map.Entry<String, Integer> severity : rule.getValue().entrySet()) {
        ObjectNode byRule = document(now, new String[] {"Rule", "Severity"}, new String[][] {{"Findings", "Count"}});
        byRule.put("Rule", rule.getKey());
        byRule.put("Severity", severity.getKey());
        byRule.put("Findings", severity.getValue());
        lines.append(Json.write(byRule)).append('\n');
      }
    }
    // One write, so that concurrent output cannot split a line.
    out.print(lines);
    out.flush();
  }

  private static ObjectNode document(long timestamp, String[] dimensions, String[][] metrics) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", timestamp);
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    ArrayNode set = directive.putArray("Dimensions").addArray();
    for (String dimension : dimensions) {
      set.add(dimension);
    }
    ArrayNode definitions = directive.putArray("Metrics");
    for (String[] metric : metrics) {
      definitions.addObject().put("Name", metric[0]).put("Unit", metric[1]);
    }
    return root;
  }
}
