package dev.ecsguard.cli;

import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.Result;
import dev.ecsguard.prime.Priming;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The AppCDS training run of the CLI's fast path: priming (the Lambda's whole pipeline against canned AWS
 * replies), then the CLI's offline paths ({@code lint}, {@code invoke}, {@code rules}) with their output thrown
 * away. Run by the build with {@code -XX:ArchiveClassesAtExit}; the classes it loads become
 * {@code target/ecs-guard.jsa}. It lives with the CLI, not with priming, so nothing the Lambda loads reaches it.
 */
public final class AppCdsTraining {

  private AppCdsTraining() {}

  public static void main(String[] args) throws IOException {
    Priming.Primed primed = Priming.prime(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
    Path work = Files.createTempDirectory("ecs-guard-training");
    try {
      byte[] event = Priming.sampleEvent("us-east-1");
      Path eventFile = Files.write(work.resolve("event.json"), event);
      Path definitionFile = work.resolve("task-definition.json");
      Files.writeString(definitionFile, Json.write(Priming.definitionOf(event)));
      PrintStream out = System.out;
      PrintStream err = System.err;
      try (PrintStream discarded = new PrintStream(OutputStream.nullOutputStream())) {
        System.setOut(discarded);
        System.setErr(discarded);
        EcsGuardCli.run("lint", definitionFile.toString());
        EcsGuardCli.run("lint", "--format", "json", definitionFile.toString());
        EcsGuardCli.run("invoke", eventFile.toString());
        EcsGuardCli.run("rules");
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    } finally {
      try (var files = Files.list(work)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(work);
    }
    // Silent when it worked, as a build step should be; a priming that did not evaluate fails the build.
    if (primed.result().status() != Result.Status.EVALUATED) {
      throw new IllegalStateException("priming did not evaluate the sample event: " + primed.result().status());
    }
  }
}
