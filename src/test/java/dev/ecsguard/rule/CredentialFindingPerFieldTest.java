package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One finding per field and concern, for plain-text credentials: on every rule case under {@code test/rules/}, the
 * whole catalog reports a field (an environment variable, a command element, a label, a log option) under at most
 * one of the rules of that concern, however many detectors caught it. A variable that both the name detector and a
 * value detector catch is the value rule's one finding, naming both ({@code name:keyword:token+github-pat}).
 */
class CredentialFindingPerFieldTest {

  /** The rules that report a credential written in plain text in the definition, and the hint of one. */
  private static final Set<String> PLAINTEXT_CREDENTIAL = Set.of("no-secret-env-names", "no-secret-env-values",
      "no-high-entropy-literals", "no-secrets-in-command", "log-options-no-secrets");

  @Test
  void aFieldIsOneCredentialFindingWhateverCaughtIt() {
    Engine engine = new Engine(Catalog.standard());
    List<String> doubled = new ArrayList<>();
    int named = 0;
    for (RuleCase c : RuleCase.discover()) {
      Map<String, String> ruleByField = new HashMap<>();
      for (Finding finding : engine.evaluate(c.subject()).findings()) {
        if (!PLAINTEXT_CREDENTIAL.contains(finding.ruleId())) {
          continue;
        }
        String place = finding.container() + " " + finding.field();
        String other = ruleByField.putIfAbsent(place, finding.ruleId());
        if (other != null) {
          doubled.add(c + ": " + place + " is reported by " + other + " and " + finding.ruleId());
        }
        if (finding.ruleId().equals("no-secret-env-values") && finding.detector().startsWith("name:")) {
          assertTrue(finding.detector().contains("+"), c + ": a name and a value detector: " + finding.detector());
          assertEquals(Severity.CRITICAL, finding.severity(), c + ": the higher severity of the two");
          named++;
        }
      }
    }
    assertEquals(List.of(), doubled, "fields reported twice for one concern");
    assertTrue(named >= 5, "the cases hold variables that both a name and a value detector catch: " + named);
  }
}
