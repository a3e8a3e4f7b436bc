package dev.ecsguard.rule.resources;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * A container has no hard {@code memory} limit and the task sets no task-level {@code memory}: nothing bounds
 * it. A {@code memoryReservation} alone is a soft limit and does not count.
 */
@RuleInfo(
    id = "require-memory-limit",
    profile = Profile.RESTRICTED,
    title = "Container has no memory limit",
    severity = Severity.MEDIUM,
    mistake = 7,
    rationale = "Without a container memory limit and without task-level memory, a leaking or overloaded "
        + "container can take all the memory of the EC2 instance, and the kernel's OOM killer then ends other "
        + "tasks and even the ECS agent. A limit turns that into a single container restart.",
    remediation = "Set the container's memory (hard limit in MiB, e.g. \"memory\": 512), optionally with a lower "
        + "memoryReservation, or set task-level memory.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory",
    controls = {"AWS Config ecs-task-definition-memory-hard-limit (retired 2026)", "Control Tower CT.ECS.PR.7"})
public final class RequireMemoryLimit implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    String taskMemory = context.taskDefinition().memory();
    if (container.memory() != null || taskMemory != null && !taskMemory.isBlank()) {
      return List.of();
    }
    return List.of(Violation.at("memory", "container \"" + container.name()
        + "\" has no hard memory limit and the task sets no memory"
        + (container.memoryReservation() != null ? " (memoryReservation is only a soft limit)" : "")));
  }
}
