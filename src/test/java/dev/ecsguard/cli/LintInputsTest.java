package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.testing.Canaries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code lint} of every input format, as data: each case under test/inputs/ (a CloudFormation template in JSON and
 * YAML, a SAM template, CDK output, a Terraform plan, a bare container list, a directory) against
 * test/inputs/expected/&lt;case&gt;.tsv, one line per finding (resource, line, severity, rule, field) and per line on
 * stderr. Regenerate with {@code -Dgolden.update=true} after a deliberate change, and review the diff.
 */
class LintInputsTest {

  private static final Path INPUTS = Path.of("test/inputs");
  private static final Path EXPECTED = INPUTS.resolve("expected");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** The case name and what lint is given. */
  private static final List<String[]> CASES = List.of(
      new String[] {"cloudformation-yaml", "test/inputs/cloudformation/web.yaml"},
      new String[] {"cloudformation-json", "test/inputs/cloudformation/api.json"},
      new String[] {"sam", "test/inputs/sam/template.yaml"},
      new String[] {"cdk", "test/inputs/cdk/AppStack.template.json"},
      new String[] {"terraform-plan", "test/inputs/terraform/plan.json"},
      new String[] {"containers", "test/inputs/containers/containers.json"},
      new String[] {"directory", "test/inputs/directory"},
      new String[] {"glob", "test/inputs/**/*.template.json"});

  @TestFactory
  Stream<DynamicTest> everyFormatGivesItsFindingsWithResourceAndLine() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c[0], () -> check(c[0], c[1])));
  }

  private static void check(String name, String input) throws IOException {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "json", "--profile", "restricted", input);
    String actual = describe(result);
    Canaries.assertNone("lint output", result.stdout() + result.stderr());
    Path expected = EXPECTED.resolve(name + ".tsv");
    if (UPDATE) {
      Files.writeString(expected, actual);
    }
    assertTrue(Files.exists(expected), "no " + expected + ": write it with -Dgolden.update=true and review it");
    assertEquals(Files.readString(expected), actual, expected + " (regenerate with -Dgolden.update=true)");
  }

  /** {@code exit 1}, then per finding {@code file  resource  line  severity  rule  field}, then stderr lines. */
  private static String describe(InProcessCli.Result result) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("exit\t" + result.exitCode());
    for (JsonNode report : Json.MAPPER.readTree(result.stdout())) {
      for (JsonNode finding : report.path("findings")) {
        lines.add(String.join("\t", report.path("file").asText(), report.path("resource").asText("-"),
            finding.path("line").asText("-"), finding.path("severity").asText(), finding.path("ruleId").asText(),
            finding.path("field").asText()));
      }
    }
    result.stderrLines().forEach(line -> lines.add("stderr\t" + line));
    return String.join("\n", lines) + "\n";
  }

  @Test
  void textNamesTheResourceAndTheLineAndCountsFilesAndDefinitions() {
    InProcessCli.Result result = InProcessCli.run("lint", "test/inputs/cloudformation/web.yaml");

    List<String> lines = result.stdout().lines().toList();
    assertTrue(lines.contains("== test/inputs/cloudformation/web.yaml (WebTask): web: 11 findings"), result.stdout());
    assertTrue(lines.contains("  CRITICAL disallow-privileged: container \"web\" sets privileged=true "
        + "(at /containerDefinitions/0/privileged) (line 33)"), result.stdout());
    assertTrue(lines.get(lines.size() - 1).startsWith("ecs-guard: 1 file, 2 task definitions, 20 findings"),
        lines.get(lines.size() - 1));
    assertTrue(lines.get(lines.size() - 1).endsWith("; 2 task definitions fail at HIGH or above"));
  }

  @Test
  void standardInputReadsATemplateToo() throws IOException {
    byte[] template = Files.readAllBytes(INPUTS.resolve("sam/template.yaml"));

    InProcessCli.Result result = InProcessCli.run(new ByteArrayInputStream(template), "lint", "-");

    assertEquals(1, result.exitCode(), result.stderr());
    assertTrue(result.stdout().contains("== stdin (ReportTask): ${AWS::StackName}-report: "), result.stdout());
  }

  @Test
  void aNamedFileWithNothingToLintSaysSoAndFailsNothing() {
    InProcessCli.Result result = InProcessCli.run("lint", "test/inputs/directory/infra/cluster.yml");

    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals(List.of("ecs-guard: test/inputs/directory/infra/cluster.yml: a CloudFormation template without an "
        + "AWS::ECS::TaskDefinition resource: nothing to lint"), result.stderrLines());
  }

  @Test
  void unusableInputsAreOneLineEachAndTheOthersAreStillLinted() {
    InProcessCli.Result result = InProcessCli.run("lint", "test/inputs/hostile/billion-laughs.yaml",
        "test/inputs/nowhere/*.yaml", "test/inputs/directory/package.json", "test/inputs/sam/template.yaml");

    assertEquals(2, result.exitCode());
    assertEquals(List.of(
        "ecs-guard: test/inputs/hostile/billion-laughs.yaml: a YAML alias (line 3): aliases are not read "
            + "(templates do not need them)",
        "ecs-guard: test/inputs/nowhere/*.yaml: no file matches",
        "ecs-guard: test/inputs/directory/package.json: not a task definition, container definitions, "
            + "CloudFormation template or Terraform plan (no containerDefinitions, Resources or planned_values)"),
        result.stderrLines());
    assertTrue(result.stdout().contains("== test/inputs/sam/template.yaml (ReportTask)"), result.stdout());
  }
}
