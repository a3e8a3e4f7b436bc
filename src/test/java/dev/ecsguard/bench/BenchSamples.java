package dev.ecsguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The task definitions the warm benchmarks evaluate, as the JSON {@code lint} reads. The two samples come from
 * the sample events' {@code responseElements.taskDefinition}: what offline {@code invoke} evaluates too.
 * Paths are relative to the project root, where surefire and {@code bench/warm.sh} run.
 */
public enum BenchSamples {
  COMPLIANT("events/register-task-definition.json", true),
  NONCOMPLIANT("events/register-task-definition-noncompliant.json", true),
  /** A realistic service with sidecars (proxy, mesh, tracing, log router, agent, worker, migrations). */
  TEN_CONTAINERS("bench/ten-containers.json", false);

  private final Path file;
  private final boolean event;

  BenchSamples(String file, boolean event) {
    this.file = Path.of(file);
    this.event = event;
  }

  /** The name JMH's {@code @Param} uses: {@code ten-containers}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static BenchSamples byLabel(String label) {
    for (BenchSamples sample : values()) {
      if (sample.label().equals(label)) {
        return sample;
      }
    }
    throw new IllegalArgumentException("no bench sample '" + label + "'");
  }

  /** The definition's JSON bytes, exactly what the "JSON → findings" benchmark parses each time. */
  public byte[] definitionJson() {
    try {
      if (!event) {
        return Files.readAllBytes(file);
      }
      JsonNode definition = Json.MAPPER.readTree(file.toFile()).at("/detail/responseElements/taskDefinition");
      return Json.MAPPER.writeValueAsBytes(definition);
    } catch (IOException e) {
      throw new UncheckedIOException(file + " (run from the project root)", e);
    }
  }
}
