package dev.ecsguard.rule.resources;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's {@code memory} or {@code memoryReservation} is below the 6 MiB that Docker 20.10 and later reserve
 * for a container: ECS registers the definition, but the container cannot start. One finding per field. A floor
 * for what runs in the container (512 MiB for a JVM) is minimum-resources' concern, a restricted one.
 */
@RuleInfo(
    id = "memory-meets-docker-minimum",
    profile = Profile.BASELINE,
    title = "Container memory is below Docker's minimum, so it cannot start",
    severity = Severity.HIGH,
    mistake = 7,
    rationale = "Docker refuses to create a container with less than 6 MiB of memory (4 MiB before Docker 20.10). "
        + "ECS accepts such a definition, so the mistake shows only when a task fails to start, again and again, "
        + "with an error from the container runtime.",
    remediation = "Give the container memory (hard limit) and memoryReservation (soft limit) of at least 6 MiB, in "
        + "practice what the process measurably needs.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html"
        + "#container_definition_memory")
public final class MemoryMeetsDockerMinimum implements ContainerRule {

  public static final int DOCKER_MINIMUM_MIB = 6;

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    Integer memory = container.memory();
    Integer reservation = container.memoryReservation();
    boolean memoryLow = memory != null && memory < DOCKER_MINIMUM_MIB;
    boolean reservationLow = reservation != null && reservation < DOCKER_MINIMUM_MIB;
    if (!memoryLow && !reservationLow) {
      return List.of();
    }
    String who = "container \"" + container.name() + "\"";
    List<Violation> violations = new ArrayList<>(2);
    if (memoryLow) {
      violations.add(Violation.at("memory", who + " has a memory limit of " + memory + " MiB, below Docker's "
          + "minimum of " + DOCKER_MINIMUM_MIB + " MiB: it cannot start"));
    }
    if (reservationLow) {
      violations.add(Violation.at("memoryReservation", who + " reserves " + reservation + " MiB, below Docker's "
          + "minimum of " + DOCKER_MINIMUM_MIB + " MiB: it cannot start"));
    }
    return violations;
  }
}
