package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An evaluation's findings are the findings it was given, stably sorted by {@link Evaluation#ORDER}: grouping them
 * by severity before sorting (a shortcut for the engine's findings) changes nothing, ties included.
 */
class EvaluationOrderTest {

  @Test
  void findingsAreTheStableSortOfWhatWasGiven() {
    Random random = new Random(17);
    String[] rules = {"disallow-privileged", "no-secret-env-names", "no-secret-env-values", "run-as-non-root"};
    String[] fields = {null, "", "/containerDefinitions/0/user", "/containerDefinitions/1/user",
        "/containerDefinitions/10/user", "/memory"};
    Severity[] severities = Severity.values();
    for (int n = 0; n < 20_000; n++) {
      List<Finding> given = new ArrayList<>();
      int size = random.nextInt(12);
      for (int i = 0; i < size; i++) {
        // The message tells equal findings apart, so a sort that is not stable shows.
        Severity severity = severities[random.nextInt(severities.length)];
        given.add(new Finding(rules[random.nextInt(rules.length)], "title", severity, Profile.BASELINE,
            RuleKind.values()[0], null,
            fields[random.nextInt(fields.length)], "finding " + i, null));
      }
      assertEquals(given.stream().sorted(Evaluation.ORDER).toList(), new Evaluation(given, List.of()).findings(),
          given::toString);
    }
  }
}
