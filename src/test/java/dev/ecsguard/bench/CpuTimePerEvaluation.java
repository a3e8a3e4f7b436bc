package dev.ecsguard.bench;

import dev.ecsguard.cli.CliPolicy;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.ActivePolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The CPU time one evaluation takes on its thread, the same path as {@link WarmEvaluationBenchmark#evaluate}.
 * JMH's ops/s are wall-clock: on a machine shared with other builds they fall with the load, while CPU time
 * per evaluation moves much less. {@code bench/warm.sh} prints both; 1 / CPU time is the rate one idle core
 * would reach. Not a test.
 */
public final class CpuTimePerEvaluation {

  private static final int WARM_UP_EVALUATIONS = 50_000;
  private static final int ROUNDS = 7;
  private static final long ROUND_CPU_NANOS = 500_000_000L;

  private CpuTimePerEvaluation() {}

  public static void main(String[] args) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ActivePolicy policy = CliPolicy.load(null);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    long findings = 0;
    System.out.printf("%-16s %14s %22s%n", "sample", "CPU µs/eval", "evaluations/CPU-second");
    for (BenchSamples sample : BenchSamples.values()) {
      TaskDefinition definition = TaskDefinitions.fromJson(Json.MAPPER.readTree(sample.definitionJson()));
      for (int i = 0; i < WARM_UP_EVALUATIONS; i++) {
        findings += policy.evaluate(Subject.of(definition, null), today).findings().size();
      }
      double[] nanosPerEvaluation = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        long start = threads.getCurrentThreadCpuTime();
        long evaluations = 0;
        long elapsed;
        do {
          for (int i = 0; i < 100; i++) {
            findings += policy.evaluate(Subject.of(definition, null), today).findings().size();
          }
          evaluations += 100;
          elapsed = threads.getCurrentThreadCpuTime() - start;
        } while (elapsed < ROUND_CPU_NANOS);
        nanosPerEvaluation[round] = (double) elapsed / evaluations;
      }
      Arrays.sort(nanosPerEvaluation);
      double median = nanosPerEvaluation[ROUNDS / 2];
      System.out.printf("%-16s %8.1f (%.1f-%.1f) %,14.0f%n", sample.label(), median / 1000,
          nanosPerEvaluation[0] / 1000, nanosPerEvaluation[ROUNDS - 1] / 1000, 1e9 / median);
    }
    // Printed so the evaluations cannot be optimised away.
    System.out.println("(" + findings + " findings in all)");
  }
}
