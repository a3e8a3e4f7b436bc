package dev.ecsguard.notify;

import dev.ecsguard.build.BuildInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.Finding;

/**
 * The machine-readable report (schema {@value #SCHEMA}): for {@code --format json}, queues and functions.
 * Every finding carries {@code ruleId}, {@code severity}, {@code profile}, {@code container} and {@code field}; the
 * report's {@code profile} is the one enforced, so a finding of another profile was reported, never enforced.
 *
 * <p>Values are exact, as in the definition: this is for machines, and JSON quoting already keeps a value from
 * being read as anything else. The rendered text writes invisible characters ({@link UntrustedText#isInvisible}:
 * controls, bidi, zero-width) and DEL as {@code \\uXXXX} escapes, so that a parser gets the exact value back
 * while a terminal or log viewer showing the JSON never receives them raw.
 */
public final class JsonReport {

  public static final String SCHEMA = "ecs-guard.report/v1";

  private static final ObjectWriter COMPACT = Json.MAPPER.writer().with(new InvisibleEscapes());
  private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter().with(new InvisibleEscapes());

  private JsonReport() {}

  public static ObjectNode tree(Report report) {
    return tree(report, Integer.MAX_VALUE);
  }

  /**
   * The report with at most {@code limit} entries in {@code findings} (the most severe, reported before
   * exempted); when some are left out, {@code findingsOmitted} says how many (the log line keeps them all).
   */
  public static ObjectNode tree(Report report, int limit) {
    return tree(report, limit, null);
  }

  /**
   * One linted definition of {@code lint}: the report with its {@code file}, its {@code resource} (a template's
   * logical id, a plan's address) when it has one, and each finding's {@code line} in the file where known.
   */
  public static ObjectNode tree(LintedDefinition linted) {
    ObjectNode root = tree(linted.report(), Integer.MAX_VALUE, linted);
    root.put("file", linted.file());
    if (linted.resource() != null) {
      root.put("resource", linted.resource());
    }
    return root;
  }

  private static ObjectNode tree(Report report, int limit, LintedDefinition linted) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("ecsGuardVersion", BuildInfo.CURRENT.toString()); // which code gave this verdict
    report.origin().ifPresent(origin -> {
      ObjectNode event = root.putObject("event");
      event.put("id", origin.eventId());
      event.put("name", origin.eventName());
      event.put("time", origin.eventTime());
      event.put("caller", origin.caller());
    });
    root.put("account", report.account());
    root.put("region", report.region());
    TaskDefinition definition = report.subject().taskDefinition();
    ObjectNode subject = root.putObject("taskDefinition");
    subject.put("arn", definition.arn());
    subject.put("family", definition.family());
    if (definition.revision() != null) {
      subject.put("revision", definition.revision());
    } else {
      subject.putNull("revision");
    }
    root.put("mode", report.mode().toString());
    root.put("profile", report.profile().toString());
    ObjectNode action = root.putObject("action");
    action.put("taken", report.outcome().action().name());
    action.put("detail", report.outcome().detail());
    root.put("complete", report.evaluation().complete());
    ObjectNode facts = root.putObject("facts");
    facts.put("awsCalls", report.factUsage().calls());
    facts.put("cacheHits", report.factUsage().cacheHits());
    ArrayNode gaps = root.putArray("gaps");
    report.evaluation().gaps().forEach(gaps::add);
    root.put("highestSeverity", report.evaluation().highestSeverity().map(Enum::name).orElse(null));
    root.put("findingCount", report.evaluation().reported().size());
    root.put("exemptedCount", report.evaluation().findings().size() - report.evaluation().reported().size());
    java.util.List<Finding> all = report.evaluation().findings();
    java.util.List<Finding> shown = Report.mostSevere(all, limit);
    if (shown.size() < all.size()) {
      root.put("findingsOmitted", all.size() - shown.size());
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : shown) {
      ObjectNode item = findings.addObject();
      item.put("ruleId", finding.ruleId());
      item.put("severity", finding.severity().name());
      item.put("profile", finding.profile().toString());
      item.put("title", finding.title());
      item.put("container", finding.container());
      item.put("field", finding.field());
      item.put("message", finding.message());
      if (finding.detector() != null) {
        item.put("detector", finding.detector());
      }
      if (finding.exempted()) {
        item.put("exemption", finding.exemption());
      }
      if (linted != null) {
        linted.line(finding).ifPresent(line -> item.put("line", line));
      }
    }
    return root;
  }

  public static String render(Report report) {
    return writePretty(tree(report));
  }

  /** Compact, for a message: at most {@code limit} findings. */
  public static String compact(Report report, int limit) {
    return write(COMPACT, tree(report, limit));
  }

  /** Reports (or anything holding values from a definition) as indented JSON, invisible characters escaped. */
  public static String writePretty(JsonNode node) {
    return write(PRETTY, node);
  }

  /** The same, on one line. */
  public static String writeCompact(JsonNode node) {
    return write(COMPACT, node);
  }

  private static String write(ObjectWriter writer, JsonNode node) {
    try {
      return writer.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the report", e);
    }
  }

  /**
   * JSON's own escapes, plus {@code \\uXXXX} for DEL and every invisible character. Jackson asks about each
   * UTF-16 unit, so a character beyond the BMP is written as an escaped surrogate pair: the same JSON string.
   */
  static final class InvisibleEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    InvisibleEscapes() {
      ascii[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return UntrustedText.isInvisible(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }
}
