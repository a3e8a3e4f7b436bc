package dev.ecsguard.corpus;

import dev.ecsguard.corpus.RealCorpus.Label;
import dev.ecsguard.corpus.RealCorpus.Reported;
import dev.ecsguard.corpus.RealCorpus.RuleScore;
import dev.ecsguard.corpus.RealCorpus.Source;
import dev.ecsguard.corpus.RealCorpus.Verdict;
import dev.ecsguard.rule.Profile;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints how ecs-guard scores on the labelled corpus of real task definitions (run by {@code bench/corpus.sh}):
 * findings, true and false positives and precision per rule; recall over the findings that must be reported; the
 * share of files that pass baseline. With {@code --markdown} the tables are in the form docs/corpus.md keeps.
 */
public final class RealCorpusMeasure {

  private RealCorpusMeasure() {}

  /** Where a file comes from, for the baseline share: projects that deploy, vendors' examples, tools' tests. */
  enum Group {
    APPLICATION("application repositories"),
    SAMPLE("AWS samples and documentation"),
    TEST("agent and tool test fixtures");

    final String title;

    Group(String title) {
      this.title = title;
    }

    static Group of(Source source) {
      String repository = source.repository();
      if (repository.equals("aws/amazon-ecs-agent") || repository.equals("kayac/ecspresso")) {
        return TEST;
      }
      return repository.startsWith("aws-samples/") || repository.startsWith("awsdocs/") ? SAMPLE : APPLICATION;
    }
  }

  public static void main(String[] args) {
    boolean markdown = List.of(args).contains("--markdown");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<Label> labels = RealCorpus.labels();
    List<Reported> reported = RealCorpus.lint();
    Map<String, Profile> profiles = RealCorpus.profiles();
    Map<String, Group> groups = RealCorpus.sources().stream()
        .collect(Collectors.toMap(Source::name, Group::of, (a, b) -> a, TreeMap::new));

    List<RuleScore> scores = RealCorpus.byRule(reported, labels);
    out.println(markdown ? "| rule | profile | findings | true | false | unknown | unlabelled | precision "
        + "| false at MEDIUM+ |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        : String.format("%-36s %-10s %8s %5s %5s %7s %10s %9s %8s", "rule", "profile", "findings", "true",
            "false", "unknown", "unlabelled", "precision", "false>=M"));
    for (RuleScore s : scores) {
      String profile = String.valueOf(profiles.get(s.rule()));
      out.println(markdown
          ? String.format("| %s | %s | %d | %d | %d | %d | %d | %s | %d |", s.rule(), profile, s.findings(),
              s.truePositives(), s.falsePositives(), s.unknown(), s.unlabelled(), percent(s.precision()),
              s.falseAtGate())
          : String.format("%-36s %-10s %8d %5d %5d %7d %10d %9s %8d", s.rule(), profile, s.findings(),
              s.truePositives(), s.falsePositives(), s.unknown(), s.unlabelled(), percent(s.precision()),
              s.falseAtGate()));
    }
    RuleScore all = scores.stream().reduce(new RuleScore("all rules", 0, 0, 0, 0, 0, 0),
        (a, b) -> new RuleScore(a.rule(), a.findings() + b.findings(), a.truePositives() + b.truePositives(),
            a.falsePositives() + b.falsePositives(), a.unknown() + b.unknown(), a.unlabelled() + b.unlabelled(),
            a.falseAtGate() + b.falseAtGate()));
    out.println(markdown
        ? String.format("| **all rules** | | %d | %d | %d | %d | %d | %s | %d |", all.findings(),
            all.truePositives(), all.falsePositives(), all.unknown(), all.unlabelled(), percent(all.precision()),
            all.falseAtGate())
        : String.format("%-36s %-10s %8d %5d %5d %7d %10d %9s %8d", all.rule(), "", all.findings(),
            all.truePositives(), all.falsePositives(), all.unknown(), all.unlabelled(), percent(all.precision()),
            all.falseAtGate()));
    long infos = reported.stream().filter(f -> !f.severity().atLeast(RealCorpus.COUNTED)).count();
    out.println();
    out.printf("%d files, %d findings at LOW or above (%d INFO findings not counted)%n",
        RealCorpus.files().size(), all.findings(), infos);

    List<Label> mustReport = labels.stream().filter(l -> l.verdict() == Verdict.TRUE).toList();
    List<Label> missed = mustReport.stream().filter(l -> !RealCorpus.found(l, reported)).toList();
    out.printf("recall: %d of %d labelled must-report items found = %s%n", mustReport.size() - missed.size(),
        mustReport.size(), percent(1.0 - (double) missed.size() / mustReport.size()));
    missed.forEach(l -> out.println("  missed: " + l + (l.isPending() ? " (" + l.pending() + ")" : "")));
    reported.stream().filter(f -> f.severity().atLeast(RealCorpus.GATE))
        .filter(f -> RealCorpus.labelOf(f, labels).map(l -> l.verdict() == Verdict.FALSE).orElse(false))
        .collect(Collectors.groupingBy(f -> RealCorpus.labelOf(f, labels).get().pending(), TreeMap::new,
            Collectors.counting()))
        .forEach((pending, count) -> out.printf("false positives at MEDIUM+: %d %s%n", count,
            pending.isBlank() ? "(not pending: a regression)" : "(" + pending + ")"));

    out.println();
    out.println("share of files passing baseline (no baseline finding at MEDIUM or above):");
    Set<String> passing = Set.copyOf(RealCorpus.passingBaseline(reported, labels, false));
    Set<String> passingFixed = Set.copyOf(RealCorpus.passingBaseline(reported, labels, true));
    if (markdown) {
      out.println("| files | count | pass now | pass once the labelled false positives are fixed |");
      out.println("| --- | ---: | ---: | ---: |");
    }
    for (Group group : Group.values()) {
      printShare(out, markdown, group.title, groups, g -> g == group, passing, passingFixed);
    }
    printShare(out, markdown, "all files", groups, g -> true, passing, passingFixed);

    out.println();
    out.println("what keeps files from passing baseline (files with the rule's finding at MEDIUM or above):");
    if (markdown) {
      out.println("| rule | files | of which labelled false positive |");
      out.println("| --- | ---: | ---: |");
    }
    Map<String, Set<String>> blocking = new TreeMap<>();
    Map<String, Set<String>> blockingFalsely = new TreeMap<>();
    for (Reported f : reported) {
      if (profiles.get(f.rule()) == Profile.BASELINE && f.severity().atLeast(RealCorpus.GATE)) {
        blocking.computeIfAbsent(f.rule(), r -> new TreeSet<>()).add(f.file());
        if (RealCorpus.labelOf(f, labels).map(l -> l.verdict() == Verdict.FALSE).orElse(false)) {
          blockingFalsely.computeIfAbsent(f.rule(), r -> new TreeSet<>()).add(f.file());
        }
      }
    }
    blocking.forEach((rule, files) -> {
      int falsely = blockingFalsely.getOrDefault(rule, Set.of()).size();
      out.println(markdown ? String.format("| %s | %d | %d |", rule, files.size(), falsely)
          : String.format("  %-36s %3d files, %d of them by a false positive", rule, files.size(), falsely));
    });
  }

  private static void printShare(PrintStream out, boolean markdown, String title, Map<String, Group> groups,
      Function<Group, Boolean> wanted, Set<String> passing, Set<String> passingFixed) {
    List<String> files = groups.entrySet().stream().filter(e -> wanted.apply(e.getValue())).map(Map.Entry::getKey)
        .toList();
    long now = files.stream().filter(passing::contains).count();
    long fixed = files.stream().filter(passingFixed::contains).count();
    String share = String.format("%d/%d = %s", now, files.size(), percent((double) now / files.size()));
    String shareFixed = String.format("%d/%d = %s", fixed, files.size(), percent((double) fixed / files.size()));
    out.println(markdown
        ? String.format("| %s | %d | %s | %s |", title, files.size(), share, shareFixed)
        : String.format("  %-32s now %-16s once false positives are fixed %s", title, share, shareFixed));
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
