package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.ActivePolicy;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One concern, one id, one severity: on every rule case under {@code test/rules/}, every rule of the catalog (the
 * case's own rule configured with the case's parameters) reports each violation at exactly the severity
 * {@code ecs-guard rules} lists for it, so that a rule's severity in the catalog, docs/rules.md and a policy says what
 * its findings will be.
 *
 * <p>The one exception: the "could not verify" notes of live rules, made by {@link Unverified} and flagged on the
 * violation ({@link Violation#note()}), not recognised by their text. They say that the rule's concern could not be
 * judged, not that it was found, and are always INFO. Cases with a policy context also run through the policy, whose
 * own findings (refused exemption tags) must have their rule's severity too.
 */
class OneSeverityPerRuleTest {

  @Test
  void everyFindingHasTheSeverityItsRuleLists() {
    Catalog catalog = Catalog.standard();
    List<RuleCase> cases = RuleCase.discover();
    List<String> wrong = new ArrayList<>();
    int findings = 0;
    int notes = 0;
    for (RuleCase c : cases) {
      EvaluationContext subject = c.evaluationContext();
      Set<List<String>> noteKeys = new HashSet<>();
      for (Catalog.Entry entry : catalog.entries()) {
        for (Violation violation : configured(entry, c).check(subject)) {
          Finding finding = Finding.of(entry, violation);
          Severity expected = violation.note() ? Severity.INFO : entry.description().severity();
          if (finding.severity() != expected) {
            wrong.add(describe(c, finding, expected));
          }
          if (violation.note()) {
            noteKeys.add(key(finding));
            notes++;
          } else {
            findings++;
          }
        }
      }
      JsonNode context = c.contextJson();
      if (context != null) {
        ActivePolicy policy = RuleCasesTest.underPolicy(context);
        for (Finding finding : policy.evaluate(c.subject(), LocalDate.now(ZoneOffset.UTC)).findings()) {
          Catalog.Entry entry = policy.catalog().byId(finding.ruleId()).orElseThrow();
          Severity listed = entry.severityOverride() != null ? entry.severityOverride() : entry.description().severity();
          Severity expected = noteKeys.contains(key(finding)) ? Severity.INFO : listed;
          if (finding.severity() != expected) {
            wrong.add(describe(c, finding, expected) + " (through the case's policy)");
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "findings whose severity is not their rule's");
    assertTrue(findings > cases.size(), "the cases give findings to check: " + findings);
    assertTrue(notes > 0, "the live rules' cases give \"could not verify\" notes to check: " + notes);
  }

  /** The rule as the case runs it: configured with the case's parameters when it is the case's rule. */
  private static Rule configured(Catalog.Entry entry, RuleCase c) {
    JsonNode parameters = c.parametersJson();
    boolean own = entry.description().id().equals(c.ruleId());
    return own && parameters != null ? ((Configurable) entry.rule()).configure(parameters) : entry.rule();
  }

  private static List<String> key(Finding finding) {
    return java.util.Arrays.asList(finding.ruleId(), finding.container(), finding.field());
  }

  private static String describe(RuleCase c, Finding finding, Severity expected) {
    return c + ": " + finding.ruleId() + " " + finding.field() + " is " + finding.severity() + ", listed "
        + expected + ": " + finding.message();
  }
}
