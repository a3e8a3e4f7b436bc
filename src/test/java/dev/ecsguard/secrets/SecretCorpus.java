package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretDetector.Detection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The labelled corpus of {@code test/secrets/corpus.tsv} (written by {@code test/secrets/generate_corpus.py}) and
 * how a detector scores on it. A row is one environment variable: {@code id, label, kind, name, value}, the value
 * escaped ({@code \\}, {@code \n}, {@code \t}, {@code \r}).
 *
 * <p>Nothing here prints or returns a value: reports name rows by id, kind and variable name.
 */
final class SecretCorpus {

  static final Path FILE = Path.of("test/secrets/corpus.tsv");
  static final String SECRET = "secret";
  static final String NOT_SECRET = "not-secret";

  private SecretCorpus() {}

  /** One labelled environment variable. */
  record Row(String id, boolean secret, String kind, String name, String value) {

    /** How the row is named in a report: never the value. */
    String describe() {
      return id + " " + kind + " " + name;
    }
  }

  /** Rows written after the detector was tuned on the others, and never tuned for: their ids start with h. */
  static boolean isHoldout(Row row) {
    return row.id().startsWith("h");
  }

  static List<Row> load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (lines.isEmpty() || !lines.get(0).equals("id\tlabel\tkind\tname\tvalue")) {
      throw new IllegalArgumentException(file + ": expected the header id, label, kind, name, value");
    }
    List<Row> rows = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (cells.length != 5 || !(cells[1].equals(SECRET) || cells[1].equals(NOT_SECRET))) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 5 cells and a label secret/not-secret");
      }
      rows.add(new Row(cells[0], cells[1].equals(SECRET), cells[2], cells[3], unescape(cells[4])));
    }
    return List.copyOf(rows);
  }

  static String unescape(String cell) {
    StringBuilder out = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c != '\\' || i + 1 == cell.length()) {
        out.append(c);
        continue;
      }
      char next = cell.charAt(++i);
      out.append(switch (next) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        default -> next;
      });
    }
    return out.toString();
  }

  /**
   * What ecs-guard reports for the variable, as the rules {@code no-secret-env-names} (a credential name holding
   * a literal), {@code no-secret-env-values} (a credential-shaped value) and {@code no-high-entropy-literals} (the
   * high-entropy hint) do together: the detector id that fired, or empty.
   */
  static Optional<String> detect(Row row) {
    if (SecretDetector.isLiteral(row.value())) {
      Optional<Detection> byName = SecretDetector.name(row.name());
      if (byName.isPresent()) {
        return Optional.of(byName.get().detector());
      }
    }
    return SecretDetector.value(row.name(), row.value()).map(Detection::detector);
  }

  /** A confusion matrix. */
  record Score(int tp, int fp, int fn, int tn) {

    static Score of(List<Row> rows, Predicate<Row> detected) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      int tn = 0;
      for (Row row : rows) {
        boolean found = detected.test(row);
        if (row.secret()) {
          tp += found ? 1 : 0;
          fn += found ? 0 : 1;
        } else {
          fp += found ? 1 : 0;
          tn += found ? 0 : 1;
        }
      }
      return new Score(tp, fp, fn, tn);
    }

    double precision() {
      return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
    }

    double recall() {
      return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
    }
  }
}
