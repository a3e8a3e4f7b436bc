package dev.ecsguard.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.json.Json;
import dev.ecsguard.notify.JsonReport;
import dev.ecsguard.notify.Report;
import dev.ecsguard.rule.Finding;

/**
 * One JSON log line per event, with identifiers, counts and every finding's rule, container and field:
 * enough to act on when the alert was cut short. Never the raw event, never a value from it. Written as the
 * JSON report is ({@link JsonReport#writeCompact}): a name's bidi or zero-width characters are escaped, not raw in
 * CloudWatch or on the terminal of {@code invoke -v}.
 */
final class EventLog {

  private final LogSink sink;

  EventLog(LogSink sink) {
    this.sink = sink;
  }

  void skipped(ApiCall.Skipped call, Result result) {
    ObjectNode line = base("skipped", call.origin());
    line.put("reason", call.reason());
    sink.log(call.malformed() ? LogSink.Level.WARN : LogSink.Level.INFO, JsonReport.writeCompact(line));
  }

  void inventoryKept(ApiCall call, Result result) {
    ObjectNode line = base("inventory", call.origin());
    line.put("reason", result.detail());
    sink.log(LogSink.Level.INFO, Json.write(line));
  }

  /** Something went wrong that must not fail the event; {@code reason} quotes no value from a definition. */
  void warning(String reason) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("ecsGuard", "warning");
    line.put("reason", reason);
    sink.log(LogSink.Level.WARN, Json.write(line));
  }

  void unusable(ApiCall call, Result result) {
    ObjectNode line = base("unusable", call.origin());
    line.put("taskDefinition", result.taskDefinition());
    line.put("reason", result.detail());
    sink.log(LogSink.Level.WARN, JsonReport.writeCompact(line));
  }

  void evaluated(ApiCall call, Report report, long millis) {
    evaluated(call, report, millis, null);
  }

  /** @param notAlerted why the alert was not sent (an earlier attempt sent it, a repeat), or null */
  void evaluated(ApiCall call, Report report, long millis, String notAlerted) {
    ObjectNode line = base("evaluated", call.origin());
    if (notAlerted != null) {
      line.put("alert", notAlerted);
    }
    line.put("taskDefinition", report.subject().taskDefinition().arn() != null
        ? report.subject().taskDefinition().arn() : report.subject().taskDefinition().displayName());
    line.put("mode", report.mode().toString());
    line.put("profile", report.profile().toString());
    line.put("action", report.outcome().action().name());
    line.put("actionDetail", report.outcome().detail());
    line.put("complete", report.evaluation().complete());
    if (!report.evaluation().complete()) {
      ArrayNode gaps = line.putArray("gaps");
      report.evaluation().gaps().forEach(gaps::add);
    }
    line.put("highestSeverity", report.evaluation().highestSeverity().map(Enum::name).orElse(null));
    line.put("findingCount", report.evaluation().reported().size());
    ArrayNode findings = line.putArray("findings");
    for (Finding finding : report.evaluation().findings()) {
      ObjectNode item = findings.addObject()
          .put("ruleId", finding.ruleId())
          .put("severity", finding.severity().name())
          .put("profile", finding.profile().toString())
          .put("container", finding.container())
          .put("field", finding.field())
          .put("exempted", finding.exempted());
      if (finding.exempted()) {
        item.put("exemption", finding.exemption()); // the audit trail: who granted it, until when, why
      }
    }
    line.put("awsCallsForFacts", report.factUsage().calls());
    line.put("factCacheHits", report.factUsage().cacheHits());
    line.put("millis", millis);
    sink.log(report.hasFindings() ? LogSink.Level.WARN : LogSink.Level.INFO, JsonReport.writeCompact(line));
  }

  private static ObjectNode base(String outcome, ApiCall.Origin origin) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("ecsGuard", outcome);
    line.put("eventId", origin.eventId());
    line.put("eventName", origin.eventName());
    line.put("account", origin.account());
    line.put("region", origin.region());
    return line;
  }
}
