package dev.ecsguard.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.corpus.RealCorpus.Reported;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that {@code ecs-guard lint --format json} over the corpus reports what {@link RealCorpus#lint()} does, so
 * the measure's figures are the CLI's (run by {@code bench/corpus.sh --lint}). Exits 1 on a difference.
 */
public final class RealCorpusLintCheck {

  private RealCorpusLintCheck() {}

  public static void main(String[] args) throws IOException {
    List<String> cli = new ArrayList<>();
    for (JsonNode report : Json.MAPPER.readTree(Path.of(args[0]).toFile())) {
      String file = RealCorpus.name(Path.of(report.path("file").asText()));
      for (JsonNode finding : report.path("findings")) {
        cli.add(new Reported(file, finding.path("ruleId").asText(), Severity.parse(finding.path("severity").asText()),
            finding.path("container").isNull() ? "-" : finding.path("container").asText(),
            finding.path("field").asText("")).toString());
      }
    }
    List<String> measured = RealCorpus.lint().stream().map(Reported::toString).toList();
    List<String> onlyCli = cli.stream().filter(f -> !measured.contains(f)).toList();
    List<String> onlyMeasured = measured.stream().filter(f -> !cli.contains(f)).toList();
    if (onlyCli.isEmpty() && onlyMeasured.isEmpty()) {
      System.out.printf("%nlint: the CLI reports the same %d findings as the measure%n", cli.size());
      return;
    }
    onlyCli.forEach(f -> System.out.println("only in lint output: " + f));
    onlyMeasured.forEach(f -> System.out.println("only in the measure: " + f));
    System.exit(1);
  }
}
