package dev.ecsguard.scan;

import dev.ecsguard.enforce.Action;
import dev.ecsguard.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scan's summary as a person reads it at a glance: one row per account and region with families, revisions and
 * findings by severity, a total row when there are several, the rules with findings, and the actions taken.
 */
public final class ScanTable {

  private ScanTable() {}

  /** @param rows each unit scanned and what it counted */
  public static String render(Map<ScanUnit, ScanSummary> rows, boolean allRevisions, boolean enforcing) {
    StringBuilder text = new StringBuilder(1024);
    text.append("Scanned: ")
        .append(allRevisions ? "every ACTIVE revision" : "the latest ACTIVE revision of each family")
        .append(enforcing ? " (--enforce: the policy's mode decides)" : " (report only)").append("\n\n");
    List<String> header = new ArrayList<>(List.of("account/region", "families", "revisions", "with findings"));
    for (Severity severity : Severity.values()) {
      header.add(severity.name());
    }
    List<List<String>> table = new ArrayList<>();
    table.add(header);
    Map<String, Integer> byRule = new TreeMap<>();
    Map<Action, Integer> actions = new TreeMap<>();
    long[] total = new long[3 + Severity.values().length];
    rows.forEach((unit, summary) -> {
      long[] row = new long[total.length];
      row[0] = summary.families();
      row[1] = summary.revisions();
      row[2] = summary.revisionsWithFindings();
      int column = 3;
      for (int count : summary.bySeverity().values()) {
        row[column++] = count;
      }
      for (int i = 0; i < row.length; i++) {
        total[i] += row[i];
      }
      table.add(cells(unit.toString(), row));
      summary.byRule().forEach((rule, count) -> byRule.merge(rule, count, Integer::sum));
      summary.actions().forEach((action, count) -> actions.merge(action, count, Integer::sum));
    });
    if (rows.size() > 1) {
      table.add(cells("total", total));
    }
    columns(table, text);
    if (!byRule.isEmpty()) {
      text.append('\n');
      List<List<String>> rules = new ArrayList<>();
      rules.add(List.of("rule", "findings"));
      byRule.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .forEach(e -> rules.add(List.of(e.getKey(), Integer.toString(e.getValue()))));
      columns(rules, text);
    }
    text.append("\nActions: ");
    if (actions.isEmpty()) {
      text.append(enforcing ? "none" : "none (a scan without --enforce only reports)");
    } else {
      List<String> taken = new ArrayList<>();
      actions.forEach((action, count) -> taken.add(count + " " + action.name().toLowerCase(Locale.ROOT)
          .replace('_', ' ')));
      text.append(String.join(", ", taken));
    }
    return text.append('\n').toString();
  }

  private static List<String> cells(String name, long[] counts) {
    List<String> cells = new ArrayList<>(List.of(name));
    for (long count : counts) {
      cells.add(Long.toString(count));
    }
    return cells;
  }

  /** Left-aligned first column, right-aligned numbers, two spaces apart. */
  private static void columns(List<List<String>> table, StringBuilder text) {
    int[] widths = new int[table.get(0).size()];
    table.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    for (List<String> row : table) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(i == 0 ? cell + pad : pad + cell).append(i + 1 < row.size() ? "  " : "");
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
