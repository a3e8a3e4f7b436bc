package dev.ecsguard.bench;

import dev.ecsguard.cli.CliPolicy;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.rule.Evaluation;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm evaluation on one thread, the way {@code ecs-guard lint} evaluates a file: the CLI's policy (the
 * defaults plus {@code ECS_GUARD_*}, which {@code bench/warm.sh} clears), every rule of the standard catalog,
 * offline facts. {@code evaluate} starts from a mapped definition; {@code parseAndEvaluate} from its JSON
 * bytes, as lint does after reading the file. Run through {@code bench/warm.sh}; not a test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A long warm-up: on a busy machine the JIT's threads get little CPU, and a short one measures C1 code.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WarmEvaluationBenchmark {

  @Param({"compliant", "noncompliant", "ten-containers"})
  public String sample;

  private ActivePolicy policy;
  private byte[] definitionJson;
  private TaskDefinition definition;
  // Lint asks the clock once per file; here once per trial, so the figures measure evaluation, not the clock.
  private LocalDate today;

  @Setup
  public void setUp() throws IOException {
    policy = CliPolicy.load(null);
    definitionJson = BenchSamples.byLabel(sample).definitionJson();
    definition = TaskDefinitions.fromJson(Json.MAPPER.readTree(definitionJson));
    today = LocalDate.now(ZoneOffset.UTC);
  }

  @Benchmark
  public Evaluation evaluate() {
    return policy.evaluate(Subject.of(definition, null), today);
  }

  @Benchmark
  public Evaluation parseAndEvaluate() throws IOException {
    TaskDefinition parsed = TaskDefinitions.fromJson(Json.MAPPER.readTree(definitionJson));
    return policy.evaluate(Subject.of(parsed, null), today);
  }
}
