package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.testing.Canaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lint} prints for people, in this JVM: the sample task definitions in examples/ against a reviewed
 * snapshot (test/golden/lint/), and the shape every run keeps: a header per file with findings, one line per
 * finding, each fired rule's why and fix once, exactly one summary line, none of the Lambda's words. After a
 * deliberate change, regenerate with {@code ./mvnw test -Dtest=LintOutputTest -Dgolden.update=true} and review the
 * diff (and the README's excerpts).
 */
class LintOutputTest {

  private static final Path GOLDEN = Path.of("test/golden/lint/examples.txt");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** The examples, in a fixed order: one with findings below HIGH, one failing, one clean. */
  private static final String[] EXAMPLES = {"examples/batch-report.json", "examples/legacy-worker.json",
      "examples/payments-api.json"};

  /**
   * {@code   HIGH     run-as-non-root: … (at /containerDefinitions/0/user)}; a short marker (the finding's profile) may
   * follow the severity.
   */
  private static final Pattern FINDING_LINE = Pattern.compile(
      "^  (CRITICAL|HIGH|MEDIUM|LOW|INFO)(?:[/ ]\\[?[a-z]+\\]?)? +([a-z0-9]+(?:-[a-z0-9]+)*): (.+) \\(at (/\\S*)\\)$");
  private static final Pattern SUMMARY_LINE = Pattern.compile("^ecs-guard: \\d+ files?\\b.*");

  @TempDir Path temp;

  private static String[] args(String... first) {
    return Stream.concat(Stream.of(first), Stream.of(EXAMPLES)).toArray(String[]::new);
  }

  private static List<String> lines(InProcessCli.Result result) {
    return result.stdout().lines().toList();
  }

  private static List<String> matching(List<String> lines, Pattern pattern) {
    return lines.stream().filter(line -> pattern.matcher(line).matches()).toList();
  }

  @Test
  void theExamplesMatchTheirSnapshot() throws IOException {
    InProcessCli.Result result = InProcessCli.run(args("lint"));

    assertEquals(1, result.exitCode(), result.stderr());
    assertEquals("", result.stderr());
    Canaries.assertNone("lint output", result.stdout());
    if (UPDATE) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, result.stdout());
    }
    assertTrue(Files.exists(GOLDEN), "no snapshot " + GOLDEN + ": write it with -Dgolden.update=true and review it");
    assertEquals(Files.readString(GOLDEN), result.stdout(),
        "snapshot " + GOLDEN + " (regenerate with -Dgolden.update=true and review the diff)");
  }

  @Test
  void oneLinePerFindingWhyAndFixOncePerRuleAndOneSummaryLine() throws IOException {
    List<String> lines = lines(InProcessCli.run(args("lint")));
    JsonNode reports = Json.MAPPER.readTree(InProcessCli.run(args("lint", "--format", "json")).stdout());

    List<String> findingLines = matching(lines, FINDING_LINE);
    int findings = 0;
    for (JsonNode report : reports) {
      findings += report.path("findingCount").asInt();
      for (JsonNode finding : report.path("findings")) {
        String tail = " (at " + finding.path("field").asText() + ")";
        assertTrue(findingLines.stream().anyMatch(l -> l.contains(" " + finding.path("ruleId").asText() + ": ")
            && l.endsWith(tail)), () -> "a line for " + finding.path("ruleId") + tail + " in " + lines);
      }
    }
    assertEquals(findings, findingLines.size(), "one line per finding: " + lines);
    Set<String> fired = new TreeSet<>();
    findingLines.forEach(line -> fired.add(ruleOf(line)));
    assertEquals(fired.size(), count(lines, "  Why: "), "Why once per rule that fired: " + fired);
    assertEquals(fired.size(), count(lines, "  Fix: "), "Fix once per rule that fired: " + fired);
    assertEquals(fired.size(), count(lines, "  Docs: "), "Docs once per rule that fired: " + fired);
    for (String rule : fired) {
      assertEquals(1, lines.stream().filter(l -> l.startsWith(rule + ": ")).count(), "explained once: " + rule);
    }
    assertEquals(1, matching(lines, SUMMARY_LINE).size(), "one summary line: " + lines);
    assertEquals("ecs-guard: 3 files, " + findings + " findings (3 CRITICAL, 9 HIGH, 10 MEDIUM, 9 LOW), 20 outside "
        + "the baseline profile not counted (--profile restricted counts them); 1 file fails at HIGH or above",
        lines.get(lines.size() - 1), "the summary is the last line");
  }

  @Test
  void aFileHeaderPerFileWithFindingsAndNothingForACleanOneUnlessVerbose() {
    List<String> lines = lines(InProcessCli.run(args("lint")));

    assertEquals(List.of(
        "== examples/batch-report.json: batch-report:12 (account 123456789012, region us-east-1): 3 findings",
        "== examples/legacy-worker.json: legacy-worker:3 (account 123456789012, region us-east-1): 28 findings"),
        lines.stream().filter(l -> l.startsWith("== ")).toList());

    List<String> verbose = lines(InProcessCli.run(args("lint", "--verbose")));
    assertTrue(verbose.contains(
        "== examples/payments-api.json: payments-api:7 (account 123456789012, region us-east-1): no findings"),
        () -> String.join("\n", verbose));
  }

  @Test
  void noLambdaVocabulary() {
    String out = InProcessCli.run(args("lint", "--verbose")).stdout();

    for (String lambdaWord : List.of("(mode: ", "action: ", "account unknown", "region unknown", "audit",
        "deregister", "lint only reports", "[ecs-guard]", "Open the revision")) {
      assertFalse(out.contains(lambdaWord), () -> "\"" + lambdaWord + "\" in " + out);
    }
  }

  @Test
  void explainPutsWhyAndFixUnderEveryFindingAndNothingAtTheEnd() {
    List<String> lines = lines(InProcessCli.run(args("lint", "--explain")));

    int findingLines = matching(lines, FINDING_LINE).size();
    assertEquals(findingLines, count(lines, "      Why: "), "Why under every finding");
    assertEquals(findingLines, count(lines, "      Fix: "), "Fix under every finding");
    assertFalse(lines.contains("Why and how to fix:"), "no section at the end");
    for (int i = 0; i < lines.size(); i++) {
      if (FINDING_LINE.matcher(lines.get(i)).matches()) {
        assertTrue(lines.get(i + 1).startsWith("      Why: "), "right under " + lines.get(i));
      }
    }
    assertEquals(1, matching(lines, SUMMARY_LINE).size());
  }

  @Test
  void quietPrintsTheSummaryLineAlone() {
    InProcessCli.Result normal = InProcessCli.run(args("lint"));
    InProcessCli.Result quiet = InProcessCli.run(args("lint", "--quiet"));

    assertEquals(1, quiet.exitCode());
    List<String> normalLines = lines(normal);
    assertEquals(List.of(normalLines.get(normalLines.size() - 1)), lines(quiet));
  }

  @Test
  void failOnNoneNeverFailsForFindingsButUnusableInputStillDoes() throws IOException {
    InProcessCli.Result none = InProcessCli.run(args("lint", "--fail-on", "none"));
    assertEquals(0, none.exitCode(), none.stdout());
    String summary = lines(none).get(lines(none).size() - 1);
    assertTrue(summary.endsWith("; nothing fails (--fail-on none)"), summary);

    Path broken = Files.writeString(temp.resolve("broken.json"), "{");
    InProcessCli.Result unusable = InProcessCli.run("lint", "--fail-on", "NONE", broken.toString(), EXAMPLES[1]);
    assertEquals(2, unusable.exitCode());
    assertEquals(List.of("ecs-guard: " + broken + ": not valid JSON (line 1)"), unusable.stderrLines());
    List<String> out = lines(unusable);
    assertTrue(out.get(out.size() - 1).startsWith("ecs-guard: 2 files (1 unusable), 28 findings"), out::toString);

    InProcessCli.Result invoke = InProcessCli.run("invoke", "--fail-on", "none",
        "events/register-task-definition-noncompliant.json");
    assertEquals(0, invoke.exitCode(), invoke.stderr());
  }

  @Test
  void whenNoFileCouldBeLintedStderrSaysItAllAndStdoutIsEmpty() throws IOException {
    Path broken = Files.writeString(temp.resolve("broken.json"), "{");

    InProcessCli.Result result = InProcessCli.run("lint", broken.toString(), temp.resolve("missing.json").toString());

    assertEquals(2, result.exitCode());
    assertEquals(2, result.stderrLines().size(), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void usageErrorsAreOneLine() {
    for (String[] args : List.of(
        new String[] {"lint", "--fail-on", "SEVERE", EXAMPLES[0]},
        new String[] {"lint", "--quiet", "--verbose", EXAMPLES[0]},
        new String[] {"lint", "--quiet", "--format", "json", EXAMPLES[0]},
        new String[] {"lint", "--explain", "--format", "json", EXAMPLES[0]},
        new String[] {"invoke", "--fail-on", "SEVERE", "events/register-task-definition.json"},
        new String[] {"invoke", "--quiet", "--format", "json", "events/register-task-definition.json"})) {
      InProcessCli.Result result = InProcessCli.run(args);
      assertEquals(2, result.exitCode(), String.join(" ", args));
      assertEquals(1, result.stderrLines().size(), () -> String.join(" ", args) + ": " + result.stderr());
      assertTrue(result.stderrLines().get(0).startsWith("ecs-guard: "), result.stderr());
      assertEquals("", result.stdout(), String.join(" ", args));
    }
    assertEquals(List.of("ecs-guard: --fail-on: unknown severity 'SEVERE': expected none, CRITICAL, HIGH, MEDIUM, LOW "
        + "or INFO"), InProcessCli.run("lint", "--fail-on", "SEVERE", EXAMPLES[0]).stderrLines());
  }

  @Test
  void theAccountShownIsTheOneTheRoleArnsNameAndNeverUnknown() throws IOException {
    ObjectNode definition = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of(EXAMPLES[0])));
    definition.remove("taskDefinitionArn");
    definition.put("taskRoleArn", "arn:aws:iam::111122223333:role/batch-report");
    definition.put("executionRoleArn", "arn:aws:iam::111122223333:role/batch-report-execution");
    Path agreeing = Files.writeString(temp.resolve("agreeing.json"), Json.write(definition));
    definition.put("executionRoleArn", "arn:aws:iam::444455556666:role/batch-report-execution");
    Path disagreeing = Files.writeString(temp.resolve("disagreeing.json"), Json.write(definition));
    definition.remove(List.of("taskRoleArn", "executionRoleArn"));
    Path none = Files.writeString(temp.resolve("none.json"), Json.write(definition));

    String out = InProcessCli.run("lint", "--region", "eu-west-1", agreeing.toString(), disagreeing.toString(),
        none.toString()).stdout();

    List<String> headers = out.lines().filter(l -> l.startsWith("== ")).toList();
    assertEquals(3, headers.size(), out);
    assertTrue(headers.get(0).startsWith("== " + agreeing + ": batch-report:12 (account 111122223333, region "
        + "eu-west-1): "), headers.get(0));
    assertTrue(headers.get(1).startsWith("== " + disagreeing + ": batch-report:12 (region eu-west-1): "),
        headers.get(1));
    assertTrue(headers.get(2).startsWith("== " + none + ": batch-report:12 (region eu-west-1): "), headers.get(2));
    assertFalse(out.contains("unknown"), out);
  }

  @Test
  void theJsonNamesTheDetectorOfEveryFindingTheTextShowsOneFor() throws IOException {
    List<String> text = lines(InProcessCli.run("lint", EXAMPLES[1]));
    JsonNode json = Json.MAPPER.readTree(InProcessCli.run("lint", "--format", "json", EXAMPLES[1]).stdout());

    Map<String, String> detectors = new TreeMap<>();
    for (JsonNode finding : json.path(0).path("findings")) {
      if (finding.has("detector")) {
        detectors.put(finding.path("field").asText(), finding.path("detector").asText());
      }
    }
    assertEquals(Map.of(
        "/containerDefinitions/0/environment/1", "name:keyword:password",
        "/containerDefinitions/0/environment/2", "name:aws-exact",
        "/containerDefinitions/1/environment/0", "url-password",
        "/containerDefinitions/1/environment/1", "github-pat"), detectors);
    List<String> shown = new ArrayList<>();
    for (String line : matching(text, FINDING_LINE)) {
      Matcher detector = Pattern.compile("\\[detector (\\S+)]|\\(([a-z0-9]+(?:[-:][a-z0-9]+)+)\\) \\(at").matcher(line);
      if (detector.find()) {
        Matcher at = FINDING_LINE.matcher(line);
        assertTrue(at.matches());
        shown.add(at.group(4) + " " + (detector.group(1) != null ? detector.group(1) : detector.group(2)));
      }
    }
    assertEquals(detectors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList(), shown.stream()
        .sorted().toList(), "the text shows the detectors the JSON names");
  }

  @Test
  void theExamplesAreTheSampleEventsDefinitions() throws IOException {
    Map<String, String> events = Map.of(
        "examples/batch-report.json", "events/register-task-definition-shared-role.json",
        "examples/legacy-worker.json", "events/register-task-definition-noncompliant.json",
        "examples/payments-api.json", "events/register-task-definition.json");
    for (Map.Entry<String, String> pair : events.entrySet()) {
      JsonNode embedded = Json.MAPPER.readTree(Files.readString(Path.of(pair.getValue())))
          .path("detail").path("responseElements").path("taskDefinition");
      assertEquals(embedded, Json.MAPPER.readTree(Files.readString(Path.of(pair.getKey()))),
          pair.getKey() + " is " + pair.getValue() + "'s detail.responseElements.taskDefinition");
    }
  }

  @Test
  void theReadmeExcerptsAreWhatLintPrints() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String golden = Files.readString(GOLDEN);
    Matcher block = Pattern.compile("```\\n(== examples/[\\s\\S]*?)```").matcher(readme);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      for (String line : block.group(1).lines().toList()) {
        if (!line.endsWith("…")) {
          assertTrue(golden.lines().anyMatch(line::equals), () -> "README line not printed by lint: " + line);
        } else {
          String start = line.substring(0, line.length() - 1);
          assertTrue(golden.lines().anyMatch(l -> l.startsWith(start)), () -> "README line not printed: " + line);
        }
      }
    }
    assertTrue(blocks >= 1, "the README shows lint output starting with == examples/");
  }

  private static String ruleOf(String findingLine) {
    Matcher matcher = FINDING_LINE.matcher(findingLine);
    assertTrue(matcher.matches(), findingLine);
    return matcher.group(2);
  }

  private static long count(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
  }
}
