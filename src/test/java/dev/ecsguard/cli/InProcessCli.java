package dev.ecsguard.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link EcsGuardCli#run} in this JVM, with standard input, output and error captured: the fast way to test what a
 * command prints and returns (CliIT runs the packaged jar). The commands print to System.out and their
 * CommandLine's error writer, which picocli makes from System.err.
 */
final class InProcessCli {

  record Result(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.isBlank() ? List.of() : stderr.strip().lines().toList();
    }
  }

  private InProcessCli() {}

  static Result run(String... args) {
    return run(new ByteArrayInputStream(new byte[0]), args);
  }

  static synchronized Result run(InputStream stdin, String... args) {
    InputStream in = System.in;
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setIn(stdin);
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int exitCode = EcsGuardCli.run(args);
      System.out.flush();
      System.err.flush();
      return new Result(exitCode, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(in);
      System.setOut(out);
      System.setErr(err);
    }
  }
}
