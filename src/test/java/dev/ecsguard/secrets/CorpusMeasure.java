package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretCorpus.Row;
import dev.ecsguard.secrets.SecretCorpus.Score;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Prints how ecs-guard's secret detector scores on the labelled corpus, and secretlint's figures beside it
 * (run by {@code bench/secrets/measure.sh}, which also runs secretlint). Exits 1 when a target is missed:
 * recall at least {@value #MIN_RECALL}, precision at least {@value #MIN_PRECISION}, and, with secretlint's
 * results, every secret secretlint finds found too and both figures better than secretlint's. With
 * {@code --gitleaks}, it also scores gitleaks' rules ({@link GitleaksRules}) and detect-secrets' keyword detector
 * ({@link DetectSecretsKeywords}), both ported to Java, on each row as an environment file's line: figures only, no
 * target (their tools need a Go binary and PyPI, which this project's machines do not have).
 *
 * <pre>
 *   CorpusMeasure [--corpus test/secrets/corpus.tsv]
 *                 [--write-env DIR]                        write DIR/&lt;id&gt;.env as NAME=value, then stop
 *                 [--secretlint FILE --secretlint-version V] FILE: one "&lt;id&gt;\t&lt;rule ids&gt;" line per row found
 *                 [--gitleaks bench/secrets/gitleaks.toml]  score the ported peers too
 * </pre>
 *
 * <p>Reports name rows by id, kind and variable name, never by value.
 */
public final class CorpusMeasure {

  static final double MIN_RECALL = 0.98;
  static final double MIN_PRECISION = 0.95;

  private CorpusMeasure() {}

  public static void main(String[] args) throws IOException {
    Path corpus = SecretCorpus.FILE;
    Path writeEnv = null;
    Path secretlint = null;
    String secretlintVersion = "";
    Path gitleaks = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--corpus" -> corpus = Path.of(args[++i]);
        case "--gitleaks" -> gitleaks = Path.of(args[++i]);
        case "--write-env" -> writeEnv = Path.of(args[++i]);
        case "--secretlint" -> secretlint = Path.of(args[++i]);
        case "--secretlint-version" -> secretlintVersion = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Row> rows = SecretCorpus.load(corpus);
    if (writeEnv != null) {
      writeEnvFiles(rows, writeEnv);
      return;
    }
    Map<String, Set<String>> theirs = secretlint == null ? null : readSecretlint(secretlint, rows);
    Map<String, Predicate<Row>> peers = gitleaks == null ? Map.of() : ported(gitleaks, rows);
    boolean ok = report(System.out, corpus, rows, theirs, secretlintVersion, peers);
    System.exit(ok ? 0 : 1);
  }

  /** The ported peers' answers on every row, each row read as the env file {@code <id>.env} holding NAME=value. */
  static Map<String, Predicate<Row>> ported(Path gitleaksToml, List<Row> rows) {
    GitleaksRules gitleaks = GitleaksRules.load(gitleaksToml);
    Set<String> byGitleaks = new TreeSet<>();
    Set<String> byDetectSecrets = new TreeSet<>();
    for (Row row : rows) {
      String line = row.name() + "=" + row.value() + "\n";
      if (!gitleaks.find(row.id() + ".env", line).isEmpty()) {
        byGitleaks.add(row.id());
      }
      if (DetectSecretsKeywords.finds(line)) {
        byDetectSecrets.add(row.id());
      }
    }
    Map<String, Predicate<Row>> peers = new LinkedHashMap<>();
    peers.put("gitleaks rules*", r -> byGitleaks.contains(r.id()));
    peers.put("detect-secrets kw*", r -> byDetectSecrets.contains(r.id()));
    return peers;
  }

  /** One file per row, as an environment file would hold the variable: {@code NAME=value}. */
  static void writeEnvFiles(List<Row> rows, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Row row : rows) {
      Files.writeString(dir.resolve(row.id() + ".env"), row.name() + "=" + row.value() + "\n", StandardCharsets.UTF_8);
    }
  }

  static Map<String, Set<String>> readSecretlint(Path file, List<Row> rows) throws IOException {
    Set<String> ids = new TreeSet<>();
    rows.forEach(r -> ids.add(r.id()));
    Map<String, Set<String>> found = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split("\t", 2);
      if (!ids.contains(cells[0])) {
        throw new IllegalArgumentException("secretlint reported an unknown row " + cells[0]);
      }
      Set<String> rules = new TreeSet<>();
      if (cells.length > 1) {
        for (String rule : cells[1].split(",")) {
          rules.add(rule.replace("@secretlint/secretlint-rule-", ""));
        }
      }
      found.put(cells[0], rules);
    }
    return found;
  }

  /** Prints the figures; true when every target is met. */
  static boolean report(PrintStream out, Path corpus, List<Row> rows, Map<String, Set<String>> secretlint,
      String secretlintVersion, Map<String, Predicate<Row>> peers) {
    Map<String, String> ours = new HashMap<>();
    for (Row row : rows) {
      SecretCorpus.detect(row).ifPresent(detector -> ours.put(row.id(), detector));
    }
    long secrets = rows.stream().filter(Row::secret).count();
    Set<String> kinds = new TreeSet<>();
    rows.forEach(r -> kinds.add(r.kind()));
    out.printf(Locale.ROOT, "Corpus %s: %d rows (%d secret, %d not-secret), %d kinds%n%n", corpus, rows.size(),
        secrets, rows.size() - secrets, kinds.size());

    Predicate<Row> usFound = r -> ours.containsKey(r.id());
    Score us = Score.of(rows, usFound);
    out.printf(Locale.ROOT, "%-20s %5s %5s %5s %5s %10s %8s%n", "", "TP", "FP", "FN", "TN", "precision", "recall");
    line(out, "ecs-guard", us);
    // Entropy alone is reported LOW: a secret found only that way is found, but not as one.
    line(out, "  entropy aside", Score.of(rows, r -> usFound.test(r) && !ours.get(r.id()).equals("entropy")));
    Score them = null;
    Predicate<Row> themFound = r -> secretlint != null && secretlint.containsKey(r.id());
    if (secretlint != null) {
      them = Score.of(rows, themFound);
      line(out, "secretlint " + secretlintVersion, them);
    }
    peers.forEach((tool, found) -> line(out, tool, Score.of(rows, found)));
    if (!peers.isEmpty()) {
      out.println("* ported to Java (GitleaksRules, DetectSecretsKeywords): the rules as their tools apply them, "
          + "without gitleaks' decoding passes; detect-secrets' keyword plugin alone, reading NAME=value as a "
          + ".properties line");
    }
    List<Row> holdout = rows.stream().filter(SecretCorpus::isHoldout).toList();
    if (!holdout.isEmpty()) {
      out.printf(Locale.ROOT, "%nHoldout only (%d rows with h ids, written after the detector was tuned, never tuned for):%n",
          holdout.size());
      line(out, "ecs-guard", Score.of(holdout, usFound));
      if (secretlint != null) {
        line(out, "secretlint " + secretlintVersion, Score.of(holdout, themFound));
      }
      peers.forEach((tool, found) -> line(out, tool, Score.of(holdout, found)));
    }
    out.printf(Locale.ROOT, "%nClassified in %.1f µs per row on average (%d rows x 200 passes).%n", timePerRow(rows),
        rows.size());

    out.println();
    out.println("By kind (rows found / rows):");
    out.printf(Locale.ROOT, "  %-11s %-30s %10s %12s", "label", "kind", "ecs-guard", secretlint == null ? "" : "secretlint");
    peers.keySet().forEach(tool -> out.printf(Locale.ROOT, " %18s", tool));
    out.println();
    Map<String, List<Row>> byKind = new TreeMap<>();
    for (Row row : rows) {
      byKind.computeIfAbsent((row.secret() ? "0" : "1") + row.kind(), k -> new ArrayList<>()).add(row);
    }
    for (List<Row> group : byKind.values()) {
      Row first = group.get(0);
      long usCount = group.stream().filter(usFound).count();
      long themCount = group.stream().filter(themFound).count();
      out.printf(Locale.ROOT, "  %-11s %-30s %10s %12s", first.secret() ? SecretCorpus.SECRET : SecretCorpus.NOT_SECRET,
          first.kind(), usCount + "/" + group.size(), secretlint == null ? "" : themCount + "/" + group.size());
      peers.values().forEach(found -> out.printf(Locale.ROOT, " %18s",
          group.stream().filter(found).count() + "/" + group.size()));
      out.println();
    }

    out.println();
    out.println("ecs-guard detectors on the secrets it finds:");
    Map<String, Integer> detectors = new TreeMap<>();
    for (Row row : rows) {
      if (row.secret() && ours.containsKey(row.id())) {
        detectors.merge(family(ours.get(row.id())), 1, Integer::sum);
      }
    }
    detectors.forEach((detector, count) -> out.printf(Locale.ROOT, "  %-34s %4d%n", detector, count));

    list(out, "ecs-guard misses (secret, not found)", rows, r -> r.secret() && !usFound.test(r), r -> "");
    list(out, "ecs-guard false alarms (not-secret, found)", rows, r -> !r.secret() && usFound.test(r),
        r -> "  [" + ours.get(r.id()) + "]");
    peers.forEach((tool, found) -> list(out, "Secrets " + tool.replace("*", "") + " finds and ecs-guard misses", rows,
        r -> r.secret() && found.test(r) && !usFound.test(r), r -> ""));
    boolean ok = target(out, "recall >= " + MIN_RECALL, us.recall() >= MIN_RECALL);
    ok &= target(out, "precision >= " + MIN_PRECISION, us.precision() >= MIN_PRECISION);
    if (secretlint != null) {
      list(out, "secretlint false alarms (not-secret, found)", rows, r -> !r.secret() && themFound.test(r),
          r -> "  " + secretlint.get(r.id()));
      List<Row> missedByUs = rows.stream().filter(r -> r.secret() && themFound.test(r) && !usFound.test(r)).toList();
      list(out, "Secrets secretlint finds and ecs-guard misses (must be none)", missedByUs, r -> true,
          r -> "  " + secretlint.get(r.id()));
      out.println();
      ok &= target(out, "ecs-guard finds every secret secretlint finds", missedByUs.isEmpty());
      ok &= target(out, "recall better than secretlint's", us.recall() > them.recall());
      ok &= target(out, "precision better than secretlint's", us.precision() > them.precision());
    }
    out.println(ok ? "All targets met." : "TARGETS MISSED.");
    return ok;
  }

  private static void line(PrintStream out, String tool, Score score) {
    String precision = score.tp() + score.fp() == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", score.precision());
    out.printf(Locale.ROOT, "%-20s %5d %5d %5d %5d %10s %8.3f%n", tool, score.tp(), score.fp(), score.fn(), score.tn(),
        precision, score.recall());
  }

  /** The detector family for the summary: {@code name:keyword:password} counts as {@code name:keyword}. */
  private static String family(String detector) {
    if (detector.startsWith("name:keyword:")) {
      return "name:keyword";
    }
    return detector.startsWith("name:vendor-key:") ? "name:vendor-key" : detector;
  }

  private static void list(PrintStream out, String title, List<Row> rows, Predicate<Row> which,
      Function<Row, String> suffix) {
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (Row row : rows) {
      if (which.test(row)) {
        byKind.computeIfAbsent(row.kind(), k -> new ArrayList<>()).add(row.id() + " " + row.name() + suffix.apply(row));
      }
    }
    int total = byKind.values().stream().mapToInt(List::size).sum();
    out.printf(Locale.ROOT, "%n%s: %d%n", title, total);
    byKind.forEach((kind, items) -> {
      out.printf(Locale.ROOT, "  %s (%d)%n", kind, items.size());
      items.forEach(item -> out.println("    " + item));
    });
  }

  private static boolean target(PrintStream out, String what, boolean met) {
    out.printf(Locale.ROOT, "  [%s] %s%n", met ? "ok" : "MISSED", what);
    return met;
  }

  /** Average time per row to classify the corpus, after a warm-up. */
  private static double timePerRow(List<Row> rows) {
    int sink = 0;
    for (int pass = 0; pass < 50; pass++) {
      for (Row row : rows) {
        sink += SecretCorpus.detect(row).map(String::length).orElse(0);
      }
    }
    int passes = 200;
    long start = System.nanoTime();
    for (int pass = 0; pass < passes; pass++) {
      for (Row row : rows) {
        sink += SecretCorpus.detect(row).map(String::length).orElse(0);
      }
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return elapsed / 1000.0 / passes / rows.size();
  }
}
