package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.rule.RuleCase.Expected;
import dev.ecsguard.rule.RuleCase.Key;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The one runner for every rule case under {@code test/rules/}: the rule alone, through the engine, must
 * produce exactly the expected findings (compared as a set on rule, container and field; severity, detector and
 * messageContains when the expectation gives them), and no message may quote an environment, command or option
 * value. A case with a {@code .parameters.json} sidecar runs its {@link Configurable} rule configured with those
 * parameters; one with a {@code .context.json} sidecar (a policy layer, the caller's principal) runs through that
 * policy. A case's {@code .gaps.json} lists text each of the evaluation's gaps must contain (what the rule could not
 * check, such as an unknown region); the case fails on any gap it does not list.
 */
class RuleCasesTest {

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::rule)
      .thenComparing(k -> String.valueOf(k.container()))
      .thenComparing(k -> String.valueOf(k.field()));

  @TestFactory
  Stream<DynamicTest> everyRuleCase() {
    Catalog catalog = Catalog.standard();
    List<RuleCase> cases = RuleCase.discover();
    assertFalse(cases.isEmpty(), "no cases under " + RuleCase.ROOT.toAbsolutePath());
    return cases.stream().map(c -> dynamicTest(c.toString(), c.file().toUri(), () -> run(catalog, c)));
  }

  private static void run(Catalog catalog, RuleCase c) {
    assertTrue(c.passes() || c.fails(), c + ": a case is named pass-* or fail-*");
    Catalog.Entry entry = catalog.byId(c.ruleId()).orElse(null);
    assertNotNull(entry, c + ": no registered rule " + c.ruleId());
    Rule rule = entry.rule();
    JsonNode parameters = c.parametersJson();
    if (parameters != null) {
      assertTrue(rule instanceof Configurable, c + ": parameters are given but " + c.ruleId() + " takes none");
      rule = ((Configurable) rule).configure(parameters);
    }
    JsonNode context = c.contextJson();
    assertTrue(context == null || parameters == null, c + ": give the rule's parameters in the context's policy");
    Evaluation evaluation = context == null
        ? new Engine(new Catalog(List.of(rule))).evaluate(c.evaluationContext())
        : underPolicy(context).evaluate(c.evaluationContext(), LocalDate.now(ZoneOffset.UTC));
    // A transient unknown in the case's facts (THROTTLED…) leaves a "could not verify" gap by design; a case's
    // .gaps.json lists what its rule reports it could not check; any other gap is the rule failing.
    List<String> expectedGaps = c.expectedGaps();
    List<String> gaps = evaluation.gaps().stream().filter(g -> !g.startsWith("could not verify ")).toList();
    for (String expectedGap : expectedGaps) {
      assertTrue(gaps.stream().anyMatch(g -> g.contains(expectedGap)), c + ": no gap says \"" + expectedGap
          + "\"; gaps were " + gaps);
    }
    assertEquals(List.of(), gaps.stream().filter(g -> expectedGaps.stream().noneMatch(g::contains)).toList(),
        c + ": the rule must not fail");
    List<Finding> findings = evaluation.findings().stream()
        .filter(f -> f.ruleId().equals(entry.description().id()))
        .toList();

    if (c.passes()) {
      assertFalse(Files.exists(c.sidecar(".expected.json")), c + ": a pass case has no expectation file");
      assertEquals(List.of(), describe(findings), c + ": a pass case produces no finding");
      return;
    }
    assertTrue(Files.exists(c.sidecar(".expected.json")), c + ": a fail case needs " + c.name() + ".expected.json");
    List<Expected> expected = c.expected();
    assertFalse(expected.isEmpty(), c + ": a fail case expects at least one finding");
    assertEquals(
        expected.stream().map(Expected::key).sorted(ORDER).toList(),
        findings.stream().map(Key::of).sorted(ORDER).toList(),
        c + ": findings (rule, container, field); messages were " + describe(findings));
    for (Expected e : expected) {
      Finding actual = findings.stream().filter(f -> Key.of(f).equals(e.key())).findFirst().orElseThrow();
      if (e.severity() != null) {
        assertEquals(e.severity(), actual.severity().name(), c + ": severity of " + e.key());
      }
      if (e.detector() != null) {
        assertEquals(e.detector(), actual.detector(), c + ": detector of " + e.key());
      }
      if (e.messageContains() != null && !actual.message().contains(e.messageContains())) {
        fail(c + ": message of " + e.key() + " lacks \"" + e.messageContains() + "\": " + actual.message());
      }
    }
    assertNoValueQuoted(c, findings);
    if (entry.rule().getClass().getSimpleName().contains("Secret")) {
      assertDetectorCarried(c, findings);
    }
  }

  /** A detector id in parentheses, as the secret rules end their messages: {@code (github-pat)}, {@code (name:aws-exact)}. */
  private static final java.util.regex.Pattern NAMED_DETECTOR =
      java.util.regex.Pattern.compile("\\(([a-z0-9]+(?:[-:][a-z0-9]+)+)\\)");

  /**
   * A secret rule's message naming the detector that fired says no more than its finding: the JSON report carries the
   * detector too. (Other rules put other things in parentheses: route table ids, date formats.)
   */
  private static void assertDetectorCarried(RuleCase c, List<Finding> findings) {
    for (Finding f : findings) {
      java.util.regex.Matcher named = NAMED_DETECTOR.matcher(f.message());
      while (named.find()) {
        assertEquals(named.group(1), f.detector(), c + ": the message names detector " + named.group(1)
            + " but the finding carries " + f.detector() + ": " + f.message());
      }
    }
  }

  /** The built-in policy with the case's layer on top. */
  static ActivePolicy underPolicy(JsonNode context) {
    JsonNode layer = context.has("policy") ? context.get("policy") : Json.MAPPER.createObjectNode();
    return ActivePolicy.parse(PolicyLoader.merge(PolicyLoader.defaults(), layer), Catalog.standard());
  }

  /** Secret canary: no message, field or detector repeats an environment, override, command or option value. */
  private static void assertNoValueQuoted(RuleCase c, List<Finding> findings) {
    List<String> values = new ArrayList<>();
    collectValues(c.json(), values);
    JsonNode run = c.runJson();
    if (run != null) {
      collectValues(run, values);
    }
    for (Finding f : findings) {
      String text = f.message() + " " + f.field() + " " + f.detector();
      assertFalse(text.contains("CANARY"), c + ": a finding quotes a canary value");
      for (String value : values) {
        assertFalse(text.contains(value), c + ": a finding quotes an environment, command or option value");
      }
    }
  }

  /** Fields whose strings may hold a credential: the elements of a command, the values of options and labels. */
  private static final List<String> VALUE_FIELDS = List.of(
      "command", "entryPoint", "dockerLabels", "driverOpts", "labels", "credentialsParameter");

  /**
   * Every {@code value} of every {@code environment} entry, and every string of the {@link #VALUE_FIELDS} (container
   * and override commands, health checks, Docker and volume labels, volume driver options, the registry
   * credentials' reference), anywhere in the tree, 8 characters or longer.
   */
  private static void collectValues(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode environment = node.get("environment");
      if (environment != null && environment.isArray()) {
        for (JsonNode entry : environment) {
          addValue(entry.get("value"), out);
        }
      }
      for (String field : VALUE_FIELDS) {
        JsonNode strings = node.get(field);
        if (strings != null && strings.isContainerNode()) {
          strings.forEach(value -> addValue(value, out));
        } else {
          addValue(strings, out);
        }
      }
    }
    for (JsonNode child : node) {
      collectValues(child, out);
    }
  }

  private static void addValue(JsonNode value, List<String> out) {
    if (value != null && value.isTextual() && value.asText().trim().length() >= 8) {
      out.add(value.asText().trim());
    }
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.container() + " " + f.field() + " [" + f.severity() + (f.detector() == null ? "" : " " + f.detector())
            + "] " + f.message())
        .toList();
  }
}
