package dev.ecsguard.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.testing.PythonTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-commit hook's entry, as pre-commit runs it: the staged files as arguments, lint's exit codes. */
class PreCommitHookIT {

  @TempDir Path temp;

  @Test
  void failsOnFindingsAndPassesACleanFile() throws Exception {
    // payments-api.json has no finding: the hook passes whatever name pre-commit gives the file.
    Path clean = Files.copy(Path.of("examples", "payments-api.json"), temp.resolve("task-definition.json"));

    PythonTools.ProcessResult failing = PythonTools.run(
        List.of("bin/pre-commit-lint", "--fail-on", "HIGH", "examples/legacy-worker.json"), 120);
    PythonTools.ProcessResult passing = PythonTools.run(
        List.of("bin/pre-commit-lint", "--fail-on", "HIGH", clean.toString()), 120);

    assertEquals(1, failing.exitCode(), failing.output());
    assertTrue(failing.output().contains("disallow-privileged"), failing.output());
    assertEquals(0, passing.exitCode(), passing.output());
  }
}
