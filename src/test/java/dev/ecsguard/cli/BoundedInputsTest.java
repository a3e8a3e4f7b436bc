package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.BoundedInput;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lint} and {@code invoke} read every input through the cap, whatever it is (a regular file, a device,
 * standard input), and say what is wrong with an unusable one in one line, exit 2, without losing the other files.
 */
class BoundedInputsTest {

  private static final Path COMPLIANT = Path.of("events", "register-task-definition.json");
  private static final String DEFINITION = "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\","
      + "\"image\":\"nginx:1.25\"}]}";

  @TempDir Path temp;

  /** Standard input that never ends, as {@code yes | ecs-guard lint -}. */
  private static InputStream endless() {
    return new InputStream() {
      @Override
      public int read() {
        return ' ';
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        java.util.Arrays.fill(buffer, offset, offset + length, (byte) ' ');
        return length;
      }
    };
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(temp.resolve(name), content);
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aDeviceIsReadOnlyToTheCapAndTheOtherFilesAreStillLinted() throws Exception {
    Path good = file("good.json", DEFINITION);

    InProcessCli.Result result = InProcessCli.run("lint", "/dev/zero", good.toString());

    assertEquals(2, result.exitCode(), result.stderr());
    assertEquals(List.of("ecs-guard: /dev/zero: larger than 10 MiB, not read"), result.stderrLines());
    assertTrue(result.stdout().contains("== " + good), result.stdout());
  }

  @Test
  void aRegularFileOverTheCapIsRefusedByItsContentNotItsName() throws Exception {
    Path sparse = temp.resolve("sparse.json");
    try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
      file.setLength(BoundedInput.MAX_BYTES + 1L);
    }

    InProcessCli.Result result = InProcessCli.run("lint", sparse.toString());

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: " + sparse + ": larger than 10 MiB, not read"), result.stderrLines());
  }

  @Test
  void standardInputIsLintedAsDash() {
    InProcessCli.Result result = InProcessCli.run(
        new java.io.ByteArrayInputStream(DEFINITION.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "lint", "-");

    assertTrue(result.exitCode() < 2, result.stderr());
    assertTrue(result.stdout().contains("== stdin"), result.stdout());
  }

  @Test
  void endlessStandardInputIsRefusedAtTheCap() {
    InProcessCli.Result result = InProcessCli.run(endless(), "lint", "-");

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: stdin: larger than 10 MiB, not read"), result.stderrLines());
  }

  @Test
  void anEventFileOverTheCapIsRefusedByInvoke() {
    InProcessCli.Result result = InProcessCli.run(endless(), "invoke", "-");

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: stdin: larger than 10 MiB, not read"), result.stderrLines());
    assertEquals("", result.stdout());
  }

  @Test
  void deepNestingIsOneClearLineNotAnInternalError() throws Exception {
    Path deep = file("deep.json", "[".repeat(100_000));
    Path deepField = file("deep-field.json", DEFINITION.replace("\"image\"", "\"x\":" + "{\"a\":".repeat(5000)
        + "1" + "}".repeat(5000) + ",\"image\""));

    InProcessCli.Result result = InProcessCli.run("lint", deep.toString(), deepField.toString());

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: " + deep + ": nested deeper than 100 levels",
        "ecs-guard: " + deepField + ": nested deeper than 100 levels"), result.stderrLines());
  }

  @Test
  void deepNestingInAnEventIsOneClearLine() throws Exception {
    Path deep = file("deep-event.json", Files.readString(COMPLIANT).replaceFirst("\\{", "{\"deep\": "
        + "[".repeat(100_000)));

    InProcessCli.Result result = InProcessCli.run("invoke", deep.toString());

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: malformed event: nested deeper than 100 levels"), result.stderrLines());
  }

  @Test
  void aHugeNumberIsOneClearLine() throws Exception {
    Path huge = file("huge.json", DEFINITION.replace("{\"family\"", "{\"cpu\":" + "9".repeat(100_000) + ",\"family\""));

    InProcessCli.Result result = InProcessCli.run("lint", huge.toString());

    assertEquals(2, result.exitCode());
    assertEquals(List.of("ecs-guard: " + huge + ": a number longer than 1000 characters"), result.stderrLines());
  }

  @Test
  void invalidJsonStillSaysWhere() throws Exception {
    Path broken = file("broken.json", "{\n\"family\": nope}");

    InProcessCli.Result result = InProcessCli.run("lint", broken.toString());

    assertEquals(List.of("ecs-guard: " + broken + ": not valid JSON (line 2)"), result.stderrLines());
  }
}
