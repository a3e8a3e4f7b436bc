package dev.ecsguard.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ecsguard.testing.PythonTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code sam build} does for each function (template.yaml: BuildMethod makefile): runs the Makefile's
 * {@code build-<LogicalId>} target with ARTIFACTS_DIR set. The jar {@code ./mvnw verify} packaged is reused
 * ({@code BUILD_JAR=true}); the package must hold it under lib/, where Lambda's Java runtime loads it.
 */
class SamBuildIT {

  @ParameterizedTest
  @ValueSource(strings = {"GuardFunction", "InventorySweepFunction", "ScanFunction"})
  void theMakefileTargetPutsTheJarWhereLambdaLoadsIt(String function, @TempDir Path artifacts) throws IOException {
    PythonTools.ProcessResult make = PythonTools.run(
        List.of("make", "build-" + function, "ARTIFACTS_DIR=" + artifacts, "BUILD_JAR=true"),
        Path.of("").toAbsolutePath(), 60);
    assertEquals(0, make.exitCode(), make.output());
    Path jar = artifacts.resolve("lib/ecs-guard.jar");
    try (JarFile packaged = new JarFile(jar.toFile())) {
      assertNotNull(packaged.getEntry("dev/ecsguard/handler/GuardHandler.class"), "no handler in " + jar);
      assertNotNull(packaged.getEntry("dev/ecsguard/handler/InventorySweepHandler.class"), "no sweep in " + jar);
    }
    assertEquals(List.of(artifacts.resolve("lib")), Files.list(artifacts).toList(), "only lib/ is packaged");
  }
}
