package dev.ecsguard.corpus;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The corpus of real public task definitions under {@code test/corpus/real/} (see docs/corpus.md): where each file
 * came from ({@code SOURCES.tsv}), what a careful reviewer judged of ecs-guard's findings on it
 * ({@code LABELS.tsv}), and what ecs-guard reports on it now under the built-in policy, as {@code ecs-guard lint}
 * does with no policy file and no {@code ECS_GUARD_*} variable.
 */
final class RealCorpus {

  static final Path DIR = Path.of("test/corpus/real");
  static final Path SOURCES = DIR.resolve("SOURCES.tsv");
  static final Path LABELS = DIR.resolve("LABELS.tsv");
  /** The severity from which a false positive counts against the issue's target (none at MEDIUM or above). */
  static final Severity GATE = Severity.MEDIUM;
  /** Findings below LOW are information, not claims: they count neither as true nor as false positives. */
  static final Severity COUNTED = Severity.LOW;
  /** A fixed date: the evaluation must not change with the day it runs (exemptions expire). */
  private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

  enum Verdict {
    /** Must be reported, at LOW or above. */
    TRUE,
    /** A false positive: must not be reported at MEDIUM or above. */
    FALSE,
    /** Cannot be judged from the definition (the image's user, whether a service fits a memory size). */
    UNKNOWN
  }

  /** Where a file came from: the repository, the path in it, the commit, a browsable URL and the licence. */
  record Source(String name, String repository, String path, String commit, String url, String license) {}

  /**
   * One judgement: a file, a rule and a container ({@code -} for the task), optionally one field ({@code *} for any).
   *
   * @param pending empty, or {@code pending: <part of the work>}: a known issue fixed elsewhere; until then the
   *     test expects the current behaviour and says so when it changes
   */
  record Label(String file, String rule, String container, String field, Verdict verdict, String pending,
      String reason) {

    boolean isPending() {
      return !pending.isBlank();
    }

    boolean covers(Reported finding) {
      return file.equals(finding.file()) && rule.equals(finding.rule()) && container.equals(finding.container())
          && (field.equals("*") || field.equals(finding.field()));
    }

    @Override
    public String toString() {
      return file + " " + rule + " " + container + (field.equals("*") ? "" : " " + field);
    }
  }

  /** A finding as the labels see it: the file's name without .json, and {@code -} for a task-level finding. */
  record Reported(String file, String rule, Severity severity, String container, String field) {

    static Reported of(String file, Finding finding) {
      return new Reported(file, finding.ruleId(), finding.severity(),
          finding.container() == null ? "-" : finding.container(), finding.field() == null ? "" : finding.field());
    }

    @Override
    public String toString() {
      return file + " " + rule + " " + severity + " " + container + " " + field;
    }
  }

  private RealCorpus() {}

  /** Every corpus file, sorted: {@code test/corpus/real/*.json}. */
  static List<Path> files() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(Path file) {
    String fileName = file.getFileName().toString();
    return fileName.substring(0, fileName.length() - ".json".length());
  }

  static List<Source> sources() {
    return rows(SOURCES, 6).stream().map(c -> new Source(c[0], c[1], c[2], c[3], c[4], c[5])).toList();
  }

  static List<Label> labels() {
    return rows(LABELS, 7).stream()
        .map(c -> new Label(c[0], c[1], c[2], c[3], Verdict.valueOf(c[4]), c[5], c[6]))
        .toList();
  }

  /** A tab-separated file with a header line; lines starting with # are comments. */
  private static List<String[]> rows(Path file, int columns) {
    try {
      List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split("\t", -1);
        if (cells.length != columns) {
          throw new IllegalStateException(file + ": expected " + columns + " columns: " + line);
        }
        rows.add(cells);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What ecs-guard reports on every corpus file, in file order. */
  static List<Reported> lint() {
    ActivePolicy policy =
        ActivePolicy.parse(PolicyLoader.fromEnvironment(Settings.fromEnvironment(Map.of())), Catalog.standard());
    List<Reported> reported = new ArrayList<>();
    for (Path file : files()) {
      try {
        // No region: the ARN's when the file has one, as lint does when AWS_REGION is unset.
        Subject subject = Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree(file.toFile())), null);
        policy.evaluate(subject, TODAY).reported().forEach(f -> reported.add(Reported.of(name(file), f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return reported;
  }

  /** The label for a finding: one naming its field first, else the container's. */
  static Optional<Label> labelOf(Reported finding, List<Label> labels) {
    return labels.stream().filter(l -> l.covers(finding))
        .min((a, b) -> Boolean.compare(a.field().equals("*"), b.field().equals("*")));
  }

  /** A must-report label is found when a finding it covers is reported at LOW or above. */
  static boolean found(Label label, List<Reported> reported) {
    return reported.stream().anyMatch(f -> label.covers(f) && f.severity().atLeast(COUNTED));
  }

  /** Each rule's profile, read from its {@link RuleInfo}. */
  static Map<String, Profile> profiles() {
    Map<String, Profile> profiles = new TreeMap<>();
    for (Catalog.Entry entry : Catalog.standard().entries()) {
      profiles.put(entry.description().id(), entry.rule().getClass().getAnnotation(RuleInfo.class).profile());
    }
    return profiles;
  }

  /** Per-rule figures over the findings counted (LOW and above). */
  record RuleScore(String rule, int findings, int truePositives, int falsePositives, int unknown, int unlabelled,
      int falseAtGate) {

    /** True positives among the judged findings, or NaN when none was judged. */
    double precision() {
      int judged = truePositives + falsePositives;
      return judged == 0 ? Double.NaN : (double) truePositives / judged;
    }
  }

  static List<RuleScore> byRule(List<Reported> reported, List<Label> labels) {
    Map<String, int[]> counts = new TreeMap<>();
    for (Reported finding : reported) {
      if (!finding.severity().atLeast(COUNTED)) {
        continue;
      }
      int[] c = counts.computeIfAbsent(finding.rule(), r -> new int[6]);
      c[0]++;
      Optional<Label> label = labelOf(finding, labels);
      if (label.isEmpty()) {
        c[4]++;
        continue;
      }
      switch (label.get().verdict()) {
        case TRUE -> c[1]++;
        case FALSE -> {
          c[2]++;
          if (finding.severity().atLeast(GATE)) {
            c[5]++;
          }
        }
        case UNKNOWN -> c[3]++;
      }
    }
    return counts.entrySet().stream()
        .map(e -> new RuleScore(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3],
            e.getValue()[4], e.getValue()[5]))
        .toList();
  }

  /**
   * The files with no finding of a baseline rule at MEDIUM or above; with {@code withoutFalse}, findings labelled
   * FALSE are left out, which is what the share becomes once the false positives are fixed.
   */
  static List<String> passingBaseline(List<Reported> reported, List<Label> labels, boolean withoutFalse) {
    Map<String, Profile> profiles = profiles();
    return files().stream().map(RealCorpus::name)
        .filter(file -> reported.stream().noneMatch(f -> f.file().equals(file)
            && profiles.get(f.rule()) == Profile.BASELINE && f.severity().atLeast(GATE)
            && !(withoutFalse && labelOf(f, labels).map(l -> l.verdict() == Verdict.FALSE).orElse(false))))
        .toList();
  }
}
