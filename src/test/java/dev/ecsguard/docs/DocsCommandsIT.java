package dev.ecsguard.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ecsguard.docs.DocBlocks.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every shell block of README.md and docs/*.md marked {@code <!-- runnable -->} with bash, from the repository
 * root, each command on its own, and checks its exit status ({@code exit=N} in the marker, else 0); a block marked
 * {@code <!-- excerpt of the output above -->} right after must show lines the commands printed. So no command
 * shown to users can rot. The environment has no AWS or ECS_GUARD variables, as on a fresh machine.
 *
 * <p>The README's first command builds the jar before using it. Here {@code verify} has packaged it already, and a
 * Maven started under the running tests would rebuild target/ beneath them, so that build step is left out.
 */
class DocsCommandsIT {

  private static final String BUILD_STEP = "./mvnw -q -B package -DskipTests && ";
  private static final long TIMEOUT_SECONDS = 60;
  private static final int OUTPUT_SHOWN = 6_000;

  @TestFactory
  List<DynamicTest> runnableBlocksRunAsDocumented() {
    assertTrue(Files.isRegularFile(Path.of("target/ecs-guard.jar")), "the packaged jar (run in verify)");
    List<DynamicTest> tests = new ArrayList<>();
    List<Block> blocks = DocBlocks.all();
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      if (block.expectedExit().isEmpty()) {
        continue;
      }
      Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
      Block excerpt = next != null && next.file().equals(block.file()) && next.marker().equals(DocBlocks.EXCERPT)
          ? next : null;
      tests.add(DynamicTest.dynamicTest(block.where(), () -> run(block, excerpt)));
    }
    assertTrue(tests.size() >= 8, "runnable blocks: " + tests.size());
    return tests;
  }

  private static void run(Block block, Block excerpt) throws IOException, InterruptedException {
    int expected = block.expectedExit().orElseThrow();
    StringBuilder printed = new StringBuilder();
    for (String command : block.commands()) {
      String run = command.startsWith(BUILD_STEP) ? command.substring(BUILD_STEP.length()) : command;
      Result result = bash(run);
      printed.append(result.output());
      if (result.exit() != expected) {
        fail(block.where() + ": `" + command + "` exited " + result.exit() + ", the docs say " + expected
            + "\n--- block ---\n" + block.body() + "\n--- output ---\n" + shorten(result.output()));
      }
    }
    if (excerpt != null) {
      List<String> output = printed.toString().lines().toList();
      for (String line : excerpt.body().lines().filter(l -> !l.isBlank()).toList()) {
        boolean shown = line.endsWith("…")
            ? output.stream().anyMatch(o -> o.startsWith(line.substring(0, line.length() - 1)))
            : output.contains(line);
        assertTrue(shown, () -> excerpt.where() + ": the excerpt shows a line the commands above do not print:\n"
            + line + "\n--- output ---\n" + shorten(printed.toString()));
      }
    }
  }

  private record Result(int exit, String output) {}

  private static Result bash(String command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("ecs-guard-docs", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
          .directory(Path.of("").toAbsolutePath().toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Map<String, String> environment = builder.environment();
      environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("ECS_GUARD_"));
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("`" + command + "` took more than " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String shorten(String output) {
    return output.length() <= OUTPUT_SHOWN ? output : output.substring(0, OUTPUT_SHOWN) + "\n[… cut]";
  }
}
