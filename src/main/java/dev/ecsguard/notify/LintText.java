package dev.ecsguard.notify;

import dev.ecsguard.facts.iam.RoleReference;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleDescription;
import dev.ecsguard.rule.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What {@code lint} prints for people, over one run of many files: per file a header line and one line per finding;
 * each fired rule's why, fix and docs once at the end (or under every finding with {@code explain}); then one
 * summary line. A file with nothing to say prints nothing unless verbose. Lint decides and changes nothing, so none
 * of the Lambda's words (mode, action) appear, and an account is shown only where the definition names one.
 * Every value from a definition or a file name goes through {@link UntrustedText#forText} as it is written.
 *
 * <p>Not thread-safe: one instance per run; {@link #file} also counts what it is given.
 */
public final class LintText {

  /** How much a run prints. */
  public enum Detail {
    /** The summary line only. */
    QUIET,
    /** Files with findings or gaps, their findings that count, the rules' explanations once, the summary. */
    NORMAL,
    /** Also clean files and exempted findings. */
    VERBOSE
  }

  /** Wide enough for every severity name, so the rule ids line up. */
  private static final int SEVERITY_WIDTH = "CRITICAL".length();

  private final Catalog catalog;
  private final Optional<Severity> failOn;
  private final Detail detail;
  private final boolean explain;

  private final SortedSet<String> shownRules = new TreeSet<>();
  private final Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
  private int files;
  /** The files of {@link #file(LintedDefinition)}: a template or plan holds several definitions. */
  private final Set<String> fileNames = new java.util.HashSet<>();
  private boolean resources;
  private int unusable;
  private int exempted;
  private int failing;
  private long notCounted;
  private dev.ecsguard.rule.Profile profile;
  private boolean printedFiles;

  /**
   * @param failOn the lowest severity that fails a file; empty: none does ({@code --fail-on none})
   * @param explain the rule's why, fix and docs under every finding rather than once at the end
   */
  public LintText(Catalog catalog, Optional<Severity> failOn, Detail detail, boolean explain) {
    this.catalog = catalog;
    this.failOn = failOn;
    this.detail = detail;
    this.explain = explain;
  }

  /** Whether the report has a finding of its profile at or above the threshold (the others are shown, not counted). */
  public boolean fails(Report report) {
    return failOn.isPresent() && report.evaluation().highestSeverity(report.profile())
        .filter(s -> s.atLeast(failOn.get())).isPresent();
  }

  /**
   * Counts one file's report and returns what to print for it: empty for a file with nothing to say (no finding
   * that counts, no gap) unless verbose, and always empty when quiet.
   */
  public String file(String fileName, Report report) {
    return file(fileName, report, null);
  }

  /**
   * The same for one definition of an input: named {@code file (resource)}; in a template or a plan, where the
   * pointer names the API's field rather than the file's, each finding also gives its line.
   */
  public String file(LintedDefinition linted) {
    fileNames.add(linted.file());
    resources |= linted.resource() != null;
    String name = linted.file().equals("-") ? "stdin" : linted.file();
    return file(linted.resource() == null ? name : name + " (" + linted.resource() + ")", linted.report(),
        linted.resource() == null ? null : linted);
  }

  private String file(String fileName, Report report, LintedDefinition located) {
    List<Finding> reported = report.evaluation().reported();
    List<Finding> exemptedHere = report.evaluation().findings().stream().filter(Finding::exempted).toList();
    files++;
    exempted += exemptedHere.size();
    notCounted += report.outsideProfileCount();
    profile = report.profile();
    reported.forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
    if (fails(report)) {
      failing++;
    }
    boolean quietFile = reported.isEmpty() && report.evaluation().complete();
    if (detail == Detail.QUIET || quietFile && detail != Detail.VERBOSE) {
      return "";
    }
    printedFiles = true;
    StringBuilder text = new StringBuilder(256 + 160 * reported.size());
    text.append(header(fileName, report)).append('\n');
    if (!report.evaluation().complete()) {
      text.append("  incomplete: ").append(quote(String.join("; ", report.evaluation().gaps()))).append('\n');
    }
    for (Finding finding : reported) {
      text.append(findingLine(finding, report.outsideProfile(finding))).append(lineOf(located, finding)).append('\n');
      shown(finding, text);
    }
    if (detail == Detail.VERBOSE) {
      for (Finding finding : exemptedHere) {
        text.append(exemptedLine(finding)).append(lineOf(located, finding)).append('\n');
        shown(finding, text);
      }
    }
    return text.toString();
  }

  /** {@code " (line 12)"} after a finding of a template or plan, where the file says. */
  private static String lineOf(LintedDefinition located, Finding finding) {
    if (located == null) {
      return "";
    }
    java.util.OptionalInt line = located.line(finding);
    return line.isPresent() ? " (line " + line.getAsInt() + ")" : "";
  }

  /** A file that could not be linted (its one-line reason went to stderr): counted in the summary. */
  public void unusable() {
    unusable++;
  }

  /**
   * The end of the run: each shown rule's why, fix and docs once (unless they were printed under every finding,
   * or the run is quiet), then the one summary line. Nothing when no file could be linted: the reasons on stderr,
   * one line per file, say it all.
   */
  public String end() {
    if (files == 0) {
      return "";
    }
    StringBuilder text = new StringBuilder(1024);
    if (!explain && detail != Detail.QUIET && !shownRules.isEmpty()) {
      text.append("\nWhy and how to fix:\n");
      for (String ruleId : shownRules) {
        catalog.byId(ruleId).map(Catalog.Entry::description).ifPresent(rule -> {
          text.append(rule.id()).append(": ").append(rule.title()).append('\n');
          explanation(rule, "  ", text);
        });
      }
      text.append('\n');
    } else if (printedFiles) {
      text.append('\n'); // the summary stands apart from the last file's lines
    }
    return text.append(summaryLine()).append('\n').toString();
  }

  /**
   * {@code ecs-guard: 3 files (1 unusable), 28 findings (9 CRITICAL, 3 HIGH, 16 LOW), 2 exempted; 1 file fails at
   * HIGH or above}.
   */
  public String summaryLine() {
    int findings = bySeverity.values().stream().mapToInt(Integer::intValue).sum();
    // With templates or plans, one file holds several definitions: the run counts both, and fails definitions.
    String unit = resources ? "task definition" : "file";
    StringBuilder line = new StringBuilder("ecs-guard: ");
    if (resources) {
      line.append(count(fileNames.size(), "file")).append(", ");
    }
    line.append(count(files + unusable, unit));
    if (unusable > 0) {
      line.append(" (").append(unusable).append(" unusable)");
    }
    line.append(", ");
    if (findings == 0) {
      line.append("no findings");
    } else {
      List<String> counts = new ArrayList<>();
      bySeverity.forEach((severity, n) -> counts.add(n + " " + severity));
      line.append(count(findings, "finding")).append(" (").append(String.join(", ", counts)).append(')');
    }
    if (exempted > 0) {
      line.append(", ").append(exempted).append(" exempted");
    }
    if (notCounted > 0) {
      line.append(", ").append(notCounted).append(" outside the ").append(profile)
          .append(" profile not counted (--profile restricted counts them)");
    }
    line.append("; ");
    if (failOn.isEmpty()) {
      line.append("nothing fails (--fail-on none)");
    } else {
      line.append(count(failing, unit)).append(failing == 1 ? " fails" : " fail").append(" at ")
          .append(failOn.get()).append(failOn.get() == Severity.INFO ? "" : " or above");
    }
    return line.toString();
  }

  /**
   * {@code == build/web.json: web:3 (account 123456789012, region us-east-1): 2 findings, 1 exempted}: the account
   * and region only where known (the revision's ARN, the role ARNs, {@code --region}).
   */
  static String header(String fileName, Report report) {
    TaskDefinition definition = report.subject().taskDefinition();
    StringBuilder line = new StringBuilder("== ").append(quote(fileName)).append(": ")
        .append(quote(definition.displayName()));
    List<String> where = new ArrayList<>(2);
    account(definition).ifPresent(account -> where.add("account " + quote(account)));
    Optional.ofNullable(report.subject().region()).ifPresent(region -> where.add("region " + quote(region)));
    if (!where.isEmpty()) {
      line.append(" (").append(String.join(", ", where)).append(')');
    }
    int reported = report.evaluation().reported().size();
    int exemptedHere = report.evaluation().findings().size() - reported;
    line.append(": ").append(reported == 0 ? "no findings" : count(reported, "finding"));
    if (exemptedHere > 0) {
      line.append(", ").append(exemptedHere).append(" exempted");
    }
    return line.toString();
  }

  /**
   * {@code   HIGH     run-as-non-root: container "web" has no user … (at /containerDefinitions/0/user)}. The
   * severity column is where a short marker of the finding's profile would go.
   */
  static String findingLine(Finding finding) {
    return findingLine(finding, false);
  }

  /** A finding outside the enforced profile is marked so: shown, not counted. */
  static String findingLine(Finding finding, boolean outsideProfile) {
    String severity = finding.severity().name() + (outsideProfile ? " [" + finding.profile() + "]" : "");
    return "  " + pad(severity) + " " + describe(finding);
  }

  /** {@code   exempted HIGH run-as-non-root: … (at …): granted by policy exemption #0 …}. */
  static String exemptedLine(Finding finding) {
    return "  exempted " + finding.severity() + " " + describe(finding) + ": " + quote(finding.exemption());
  }

  /** Rule id, the container when the message does not name it, the message, the detector, the pointer. */
  private static String describe(Finding finding) {
    StringBuilder text = new StringBuilder(160).append(finding.ruleId()).append(": ");
    if (finding.container() != null && !finding.message().contains('"' + finding.container() + '"')) {
      text.append("container \"").append(quote(finding.container())).append("\": ");
    }
    text.append(quote(finding.message()));
    if (finding.detector() != null && !finding.message().contains(finding.detector())) {
      text.append(" [detector ").append(quote(finding.detector())).append(']');
    }
    if (finding.field() != null) {
      text.append(" (at ").append(quote(finding.field())).append(')');
    }
    return text.toString();
  }

  /** Records that a finding of this rule was shown, and explains it right there when asked to. */
  private void shown(Finding finding, StringBuilder text) {
    shownRules.add(finding.ruleId());
    if (explain) {
      catalog.byId(finding.ruleId()).map(Catalog.Entry::description)
          .ifPresent(rule -> explanation(rule, "      ", text));
    }
  }

  private static void explanation(RuleDescription rule, String indent, StringBuilder text) {
    text.append(indent).append("Why: ").append(rule.rationale()).append('\n');
    text.append(indent).append("Fix: ").append(rule.remediation()).append('\n');
    text.append(indent).append("Docs: ").append(rule.docUrl()).append('\n');
  }

  /**
   * The account the definition names: its revision's ARN, else the one account its role ARNs agree on. Lint has no
   * event to say where the definition lives, and guessing is worse than saying nothing.
   */
  static Optional<String> account(TaskDefinition definition) {
    Optional<String> fromArn = definition.parsedArn().map(TaskDefinitionArn::account);
    if (fromArn.isPresent()) {
      return fromArn;
    }
    Set<String> fromRoles = new TreeSet<>();
    Stream.of(definition.taskRoleArn(), definition.executionRoleArn())
        .map(RoleReference::accountOf).flatMap(Optional::stream).forEach(fromRoles::add);
    return fromRoles.size() == 1 ? Optional.of(fromRoles.iterator().next()) : Optional.empty();
  }

  private static String pad(String severity) {
    return severity + " ".repeat(Math.max(0, SEVERITY_WIDTH - severity.length()));
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String quote(String untrusted) {
    return UntrustedText.forText(untrusted);
  }
}
