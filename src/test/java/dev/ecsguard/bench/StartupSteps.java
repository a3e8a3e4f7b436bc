package dev.ecsguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.cli.EcsGuardCli;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Where ecs-guard's own share of a cold start goes: the steps of an offline {@code invoke}, one after another in
 * a fresh JVM, each timed on its own (milliseconds, wall). Every step pays for the classes it is the first to
 * load, so the order is the CLI's. {@code bench/cold-start.sh} runs it a few times and prints the medians.
 *
 * <p>Usage: {@code java -cp target/ecs-guard.jar:target/test-classes dev.ecsguard.bench.StartupSteps <event file>}; prints
 * {@code step<TAB>ms} lines.
 */
public final class StartupSteps {

  private StartupSteps() {}

  public static void main(String[] args) throws IOException {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    Steps steps = new Steps();
    steps.time("picocli: the CLI's command model", () -> new CommandLine(new EcsGuardCli()));
    steps.time("Jackson: new ObjectMapper()", () -> Json.MAPPER);
    Catalog catalog = steps.time("the rule catalog", Catalog::standard);
    JsonNode defaults = steps.time("the default policy (YAML)", PolicyLoader::defaults);
    ActivePolicy policy = steps.time("the policy applied to the catalog", () -> ActivePolicy.of(defaults, catalog));
    ApiCall call = steps.time("the event parsed", () -> CloudTrailEvents.parse(event));
    Subject subject = Subject.of(((ApiCall.Registration) call).embedded().orElseThrow(), null);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    steps.time("the first evaluation", () -> policy.evaluate(subject, today));
    Evaluation evaluation = steps.time("the second evaluation", () -> policy.evaluate(subject, today));
    // Printed at the end, so that printing is in no step; the count keeps the evaluations from being dropped.
    steps.lines.forEach(System.out::println);
    System.out.println("findings\t" + evaluation.findings().size());
  }

  private static final class Steps {
    final List<String> lines = new ArrayList<>();
    long last = System.nanoTime();

    <T> T time(String name, Supplier<T> work) {
      T result = work.get();
      long now = System.nanoTime();
      lines.add(name + "\t" + (now - last) / 1_000_000);
      last = now;
      return result;
    }
  }
}
