package dev.ecsguard.notify;

import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleDescription;
import dev.ecsguard.rule.Severity;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code lint --format junit}: the JUnit XML that GitLab, Jenkins and Azure Pipelines show as test results. One
 * {@code testsuite} per file; in it one {@code testcase} per finding, named by rule and resource so the same finding
 * keeps its name across runs, and one passing {@code testcase} per definition with nothing at or above the
 * threshold, so a clean file shows as a passed test rather than as nothing.
 *
 * <p>A finding that counts (not exempted, in the enforced profile, at or above {@code --fail-on}) is a
 * {@code failure}; an exempted one is {@code skipped} with its exemption; the others pass, their message in
 * {@code system-out}. The text of a failure is the finding's message, where it is, and the rule's why and fix: names
 * and JSON pointers only, never a value from the definition.
 */
public final class JUnitReport {

  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  private final Catalog catalog;
  private final Optional<Severity> failOn;

  /** @param failOn the lowest severity that fails; empty: none does ({@code --fail-on none}) */
  public JUnitReport(Catalog catalog, Optional<Severity> failOn) {
    this.catalog = catalog;
    this.failOn = failOn;
  }

  /** One case: its name, its class name (the definition), and at most one of failure, skipped or output. */
  private record Case(String classname, String name, String failureType, String failureMessage, String text,
      String skipped, String output) {}

  public String render(List<LintedDefinition> definitions) {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    for (LintedDefinition definition : definitions) {
      suites.computeIfAbsent(definition.file(), file -> new ArrayList<>()).addAll(cases(definition));
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "ecs-guard lint");
      xml.writeAttribute("tests", Integer.toString(suites.values().stream().mapToInt(List::size).sum()));
      xml.writeAttribute("failures", Long.toString(suites.values().stream().flatMap(List::stream)
          .filter(c -> c.failureType() != null).count()));
      xml.writeCharacters("\n");
      for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
        writeSuite(xml, suite.getKey(), suite.getValue());
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the JUnit XML could not be written", e);
    }
    return out.toString();
  }

  private List<Case> cases(LintedDefinition definition) {
    String classname = "ecs-guard." + name(definition);
    List<Case> cases = new ArrayList<>();
    boolean failing = false;
    for (Finding finding : definition.report().evaluation().findings()) {
      String name = finding.ruleId() + " " + where(finding);
      if (finding.exempted()) {
        cases.add(new Case(classname, name, null, null, null, "exempted: " + finding.exemption(), null));
      } else if (counts(definition.report(), finding)) {
        failing = true;
        cases.add(new Case(classname, name, finding.severity().name(), finding.message(),
            failureText(definition, finding), null, null));
      } else {
        cases.add(new Case(classname, name, null, null, null, null,
            finding.severity() + " " + finding.message() + " (" + notCountedBecause(definition.report(), finding)
                + ")"));
      }
    }
    if (!failing) {
      String threshold = failOn.map(s -> "no finding at or above " + s).orElse("no finding fails (--fail-on none)");
      cases.add(0, new Case(classname, name(definition) + ": " + threshold, null, null, null, null,
          definition.report().evaluation().complete() ? null
              : "incomplete: " + String.join("; ", definition.report().evaluation().gaps())));
    }
    return cases;
  }

  private boolean counts(Report report, Finding finding) {
    return failOn.isPresent() && !report.outsideProfile(finding) && finding.severity().atLeast(failOn.get());
  }

  private String notCountedBecause(Report report, Finding finding) {
    if (report.outsideProfile(finding)) {
      return "outside the " + report.profile().name().toLowerCase(Locale.ROOT) + " profile: reported only";
    }
    return failOn.map(s -> "below --fail-on " + s).orElse("--fail-on none");
  }

  private static String where(Finding finding) {
    if (finding.container() != null) {
      return "container " + finding.container() + (finding.field() == null ? "" : " " + finding.field());
    }
    return finding.field() == null ? "(task definition)" : finding.field();
  }

  private String failureText(LintedDefinition definition, Finding finding) {
    OptionalInt line = definition.line(finding);
    StringBuilder text = new StringBuilder();
    text.append(finding.severity()).append(' ').append(finding.ruleId()).append(": ").append(finding.message())
        .append('\n');
    text.append("at ").append(definition.file()).append(line.isPresent() ? ":" + line.getAsInt() : "");
    if (definition.resource() != null) {
      text.append(" (").append(definition.resource()).append(')');
    }
    if (finding.field() != null) {
      text.append(", ").append(finding.field());
    }
    text.append('\n');
    catalog.byId(finding.ruleId()).map(Catalog.Entry::description).ifPresent(rule -> explain(rule, text));
    return text.toString();
  }

  private static void explain(RuleDescription rule, StringBuilder text) {
    text.append("Why: ").append(rule.rationale()).append('\n');
    text.append("Fix: ").append(rule.remediation()).append('\n');
    text.append("Docs: ").append(rule.docUrl()).append('\n');
  }

  private static String name(LintedDefinition definition) {
    return definition.resource() != null ? definition.resource()
        : definition.report().subject().taskDefinition().displayName();
  }

  private static void writeSuite(XMLStreamWriter xml, String file, List<Case> cases) throws XMLStreamException {
    xml.writeCharacters("  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", file);
    xml.writeAttribute("tests", Integer.toString(cases.size()));
    xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.failureType() != null).count()));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> c.skipped() != null).count()));
    xml.writeCharacters("\n");
    for (Case testCase : cases) {
      writeCase(xml, testCase);
    }
    xml.writeCharacters("  ");
    xml.writeEndElement();
    xml.writeCharacters("\n");
  }

  private static void writeCase(XMLStreamWriter xml, Case testCase) throws XMLStreamException {
    xml.writeCharacters("    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", xmlSafe(testCase.classname()));
    xml.writeAttribute("name", xmlSafe(testCase.name()));
    if (testCase.skipped() != null) {
      xml.writeStartElement("skipped");
      xml.writeCharacters(xmlSafe(testCase.skipped()));
      xml.writeEndElement();
    }
    if (testCase.failureType() != null) {
      xml.writeStartElement("failure");
      xml.writeAttribute("type", testCase.failureType());
      xml.writeAttribute("message", xmlSafe(testCase.failureMessage()));
      xml.writeCharacters(xmlSafe(testCase.text()));
      xml.writeEndElement();
    }
    if (testCase.output() != null) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(xmlSafe(testCase.output()));
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeCharacters("\n");
  }

  /**
   * XML 1.0 cannot hold most control characters even escaped, and a container name comes from the definition:
   * they are written as {@code \\uXXXX}, like the JSON report does, so the file stays well-formed.
   */
  static String xmlSafe(String text) {
    StringBuilder safe = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\n' || c == '\t' || !UntrustedText.isInvisible(c) && (c < 0xD800 || c > 0xDFFF)
          && c != 0xFFFE && c != 0xFFFF) {
        safe.appendCodePoint(c);
      } else {
        safe.append(String.format("\\u%04X", c));
      }
    });
    return safe.toString();
  }

}
