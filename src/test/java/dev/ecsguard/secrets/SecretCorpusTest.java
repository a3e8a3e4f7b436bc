package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.secrets.SecretCorpus.Row;
import dev.ecsguard.secrets.SecretCorpus.Score;
import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.testing.Canaries;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The regression guard for the secret detector: on the labelled corpus of {@code test/secrets/corpus.tsv}, what
 * no-secret-env-names, no-secret-env-values and no-high-entropy-literals report together keeps recall and precision
 * above the targets.
 * The comparison with secretlint needs npm and lives in {@code bench/secrets/measure.sh}. Failure messages name
 * rows by id, kind and variable name, never by value.
 */
class SecretCorpusTest {

  private static List<Row> rows;

  @BeforeAll
  static void load() {
    rows = SecretCorpus.load(SecretCorpus.FILE);
  }

  @Test
  void theCorpusIsLargeLabelledAndUnique() {
    assertTrue(rows.size() >= 300, "at least 300 rows, got " + rows.size());
    long secrets = rows.stream().filter(Row::secret).count();
    assertTrue(secrets >= 100 && rows.size() - secrets >= 100, "both labels are well represented");
    Set<String> ids = new HashSet<>();
    Set<String> variables = new HashSet<>();
    for (Row row : rows) {
      assertTrue(ids.add(row.id()), "duplicate id " + row.id());
      assertTrue(variables.add(row.name() + "=" + row.value()), "duplicate variable " + row.describe());
      assertFalse(row.kind().isBlank() || row.name().isBlank(), "kind and name are set: " + row.id());
    }
  }

  @Test
  void recallAndPrecisionMeetTheTargets() {
    Score score = Score.of(rows, row -> SecretCorpus.detect(row).isPresent());
    String misses = rows.stream().filter(r -> r.secret() && SecretCorpus.detect(r).isEmpty())
        .map(Row::describe).collect(Collectors.joining(", "));
    String falseAlarms = rows.stream().filter(r -> !r.secret() && SecretCorpus.detect(r).isPresent())
        .map(Row::describe).collect(Collectors.joining(", "));
    assertTrue(score.recall() >= CorpusMeasure.MIN_RECALL,
        String.format("recall %.3f < %.2f; misses: %s", score.recall(), CorpusMeasure.MIN_RECALL, misses));
    assertTrue(score.precision() >= CorpusMeasure.MIN_PRECISION,
        String.format("precision %.3f < %.2f; false alarms: %s", score.precision(), CorpusMeasure.MIN_PRECISION,
            falseAlarms));
  }

  @Test
  void detectionsNeverCarryTheValue() {
    for (Row row : rows) {
      Optional<Detection> byValue = SecretDetector.value(row.name(), row.value());
      Optional<Detection> byName = SecretDetector.name(row.name());
      for (Optional<Detection> found : List.of(byValue, byName)) {
        found.ifPresent(d -> {
          String text = d.detector() + " " + d.shape();
          assertFalse(row.value().length() >= 6 && text.contains(row.value().trim()), "value in a detection: " + row.id());
          assertFalse(text.contains(Canaries.MARKER), "marker in a detection: " + row.id());
        });
      }
    }
  }

  @Test
  void escapesRoundTrip() {
    assertEquals("a\nb\tc\\n\\", SecretCorpus.unescape("a\\nb\\tc\\\\n\\\\"));
  }
}
