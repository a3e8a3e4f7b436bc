package dev.ecsguard.scan;

import dev.ecsguard.enforce.Action;
import dev.ecsguard.notify.Report;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Severity;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a scan saw, counted: families, revisions, the findings that count (exempted ones aside) by severity and by
 * rule, and the actions taken. Identifiers and counts only, never content from a definition.
 */
public final class ScanSummary {

  private final Set<String> families = new TreeSet<>();
  private int revisions;
  private int withFindings;
  private final Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
  private final Map<String, Integer> byRule = new TreeMap<>();
  private final Map<Action, Integer> actions = new EnumMap<>(Action.class);

  void add(String family, Report report) {
    families.add(family);
    revisions++;
    if (report.hasFindings()) {
      withFindings++;
    }
    for (Finding finding : report.evaluation().reported()) {
      bySeverity.merge(finding.severity(), 1, Integer::sum);
      byRule.merge(finding.ruleId(), 1, Integer::sum);
    }
    if (report.outcome().action() != Action.NONE) {
      actions.merge(report.outcome().action(), 1, Integer::sum);
    }
  }

  public int families() {
    return families.size();
  }

  public int revisions() {
    return revisions;
  }

  public int revisionsWithFindings() {
    return withFindings;
  }

  public int findings() {
    return bySeverity.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every severity, highest first, zeros included. */
  public Map<Severity, Integer> bySeverity() {
    Map<Severity, Integer> all = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      all.put(severity, bySeverity.getOrDefault(severity, 0));
    }
    return all;
  }

  /** Rules with findings, most findings first, then by id. */
  public Map<String, Integer> byRule() {
    Map<String, Integer> sorted = new LinkedHashMap<>();
    byRule.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  public Map<Action, Integer> actions() {
    return Map.copyOf(actions);
  }

  /** The summary as JSON-ready maps (the CLI's JSON and the scheduled scan's log line). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("families", families());
    map.put("revisions", revisions);
    map.put("revisionsWithFindings", withFindings);
    map.put("findings", findings());
    Map<String, Integer> severities = new LinkedHashMap<>();
    bySeverity().forEach((severity, count) -> severities.put(severity.name(), count));
    map.put("bySeverity", severities);
    map.put("byRule", byRule());
    Map<String, Integer> taken = new TreeMap<>();
    actions.forEach((action, count) -> taken.put(action.name(), count));
    map.put("actions", taken);
    return map;
  }
}
