package dev.ecsguard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar as users do: {@code java -jar target/ecs-guard.jar ARGS} in a separate process,
 * from the project root, with a controlled environment and a timeout. stdout and stderr are captured
 * separately (through files, so a chatty process can never block on a full pipe).
 *
 * <p>The environment starts as the test JVM's minus every {@code AWS_*} and {@code ECS_GUARD_*} variable,
 * so nothing from the machine (a profile, a region, a CA bundle) leaks into a test; add what a test needs
 * with {@link #env}.
 */
public final class JarRunner {

  public static final Path JAR = Path.of("target", "ecs-guard.jar");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, String> environment = new LinkedHashMap<>();
  private Duration timeout = DEFAULT_TIMEOUT;

  public JarRunner() {
    System.getenv().forEach((name, value) -> {
      if (!name.startsWith("AWS_") && !name.startsWith("ECS_GUARD_")) {
        environment.put(name, value);
      }
    });
  }

  /** For runs that talk to AWS (moto): no shared config or credentials file from the machine either. */
  public JarRunner withoutAwsFiles() {
    environment.put("AWS_CONFIG_FILE", "/nonexistent/ecs-guard-test/config");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ecs-guard-test/credentials");
    return this;
  }

  public JarRunner env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public JarRunner env(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  public JarRunner timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** The java binary running this test, else {@code java.home}'s. */
  public static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  public Result run(Object... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `./mvnw package` (or `verify`) first");
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("ecs-guard-stdout-", ".txt");
      stderr = Files.createTempFile("ecs-guard-stderr-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().clear();
      builder.environment().putAll(environment);
      long started = System.nanoTime();
      Process process = builder.start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      return new Result(command.subList(3, command.size()), finished ? process.exitValue() : -1, !finished,
          Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8), millis);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file
      }
    }
  }

  /**
   * One run of the jar.
   *
   * @param exitCode -1 if it timed out
   */
  public record Result(List<String> args, int exitCode, boolean timedOut, String stdout, String stderr, long millis) {

    /** Java's own stack trace markers: the CLI promises one-line reasons instead. */
    public boolean hasStackTrace() {
      return stdout.contains("\tat ") || stderr.contains("\tat ") || stdout.contains("Exception in thread")
          || stderr.contains("Exception in thread");
    }

    /** The non-empty lines of stderr. */
    public List<String> stderrLines() {
      return stderr.lines().filter(line -> !line.isBlank()).toList();
    }

    /** For assertion messages: the command, exit code and output with planted secrets redacted. */
    public String describe() {
      return "ecs-guard " + String.join(" ", args) + " -> exit " + exitCode + (timedOut ? " (timed out)" : "")
          + " after " + millis + " ms\n--- stdout (redacted) ---\n" + Canaries.redactTail(stdout, 4000)
          + "\n--- stderr (redacted) ---\n" + Canaries.redactTail(stderr, 4000);
    }
  }
}
