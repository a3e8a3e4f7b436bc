package dev.ecsguard.rule.resources;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskSize;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The containers ask for more than the task has, or a container's soft limit is not below its hard limit.
 *
 * <ul>
 *   <li>Memory: each container counts its hard {@code memory}, else its {@code memoryReservation}; when the sum is
 *       above the task's {@code memory}, one finding at {@code /memory} lists the containers. Counting hard limits
 *       is stricter than ECS, which only requires the reservations to fit: hard limits that add up to more than
 *       the task mean the task's own limit, not the container's, ends the process first.
 *   <li>CPU: the containers' {@code cpu} add up to more than the task's {@code cpu} (ECS: "the total amount of CPU
 *       reserved for all containers within a task" must not exceed it), one finding at {@code /cpu}.
 *   <li>A container sets both limits and {@code memoryReservation} is above {@code memory}, at its
 *       {@code memoryReservation}. Equal values pass: the API reference says memory "must be greater", but ECS
 *       registers and runs 512/512 (a real ACTIVE revision in test/corpus/real shows it), and the developer guide
 *       says "greater than or equal to".
 * </ul>
 *
 * Task sizes are read with {@link TaskSize} ({@code "1 vCPU"}, {@code "2GB"}); absent or unreadable task values skip
 * the sum (fargate-cpu-memory-valid reports them on Fargate).
 */
@RuleInfo(
    id = "container-resources-fit-task",
    profile = Profile.BASELINE,
    title = "Container CPU or memory does not fit the task size",
    severity = Severity.MEDIUM,
    mistake = 7,
    rationale = "Task-level cpu and memory are the ceiling for all of the task's containers together. When the "
        + "containers' own values add up to more, either ECS rejects the definition or the containers compete for "
        + "less than they were promised: under load the task's memory limit kills a container that is still "
        + "within its own limit. A memoryReservation above memory is rejected by the API.",
    remediation = "Size the task to at least the sum of its containers (on Fargate, round up to the next valid "
        + "size), or lower the containers' cpu and memory; keep each memoryReservation at or below its memory.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-size-best-practice.html",
    controls = {"ECS API ContainerDefinition cpu, memory and memoryReservation"})
public final class ContainerResourcesFitTask implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    List<Violation> violations = new ArrayList<>();
    OptionalInt taskMemory = TaskSize.memoryMiB(definition.memory());
    OptionalInt taskCpu = TaskSize.cpuUnits(definition.cpu());

    int memorySum = 0;
    int cpuSum = 0;
    for (ContainerDefinition container : definition.containers()) {
      Integer memory = container.memory();
      Integer reservation = container.memoryReservation();
      if (memory != null && reservation != null && reservation > memory) {
        violations.add(Violation.inContainer(container.name(),
            "/containerDefinitions/" + container.index() + "/memoryReservation",
            "container \"" + container.name() + "\" reserves " + reservation + " MiB (memoryReservation), above "
                + "its hard limit of " + memory + " MiB: memory must be at least memoryReservation"));
      }
      if (memory != null) {
        memorySum += memory;
      } else if (reservation != null) {
        memorySum += reservation;
      }
      if (container.cpu() != null && container.cpu() > 0) {
        cpuSum += container.cpu();
      }
    }
    if (taskMemory.isPresent() && memorySum > taskMemory.getAsInt()) {
      violations.add(Violation.at("/memory", "the containers' memory adds up to " + memorySum + " MiB ("
          + String.join(", ", memoryParts(definition)) + "), more than the task's " + taskMemory.getAsInt()
          + " MiB"));
    }
    if (taskCpu.isPresent() && cpuSum > taskCpu.getAsInt()) {
      violations.add(Violation.at("/cpu", "the containers' cpu adds up to " + cpuSum + " units ("
          + String.join(", ", cpuParts(definition)) + "), more than the task's " + taskCpu.getAsInt()
          + " units"));
    }
    return violations;
  }

  // The sums' parts are written out only for a finding: most tasks fit, and their parts would be garbage.

  /** What each container adds to the memory sum: {@code web 512}, or {@code worker 256 reserved}. */
  private static List<String> memoryParts(TaskDefinition definition) {
    List<String> parts = new ArrayList<>();
    for (ContainerDefinition container : definition.containers()) {
      if (container.memory() != null) {
        parts.add(container.name() + " " + container.memory());
      } else if (container.memoryReservation() != null) {
        parts.add(container.name() + " " + container.memoryReservation() + " reserved");
      }
    }
    return parts;
  }

  /** What each container adds to the cpu sum: {@code web 256}. */
  private static List<String> cpuParts(TaskDefinition definition) {
    List<String> parts = new ArrayList<>();
    for (ContainerDefinition container : definition.containers()) {
      if (container.cpu() != null && container.cpu() > 0) {
        parts.add(container.name() + " " + container.cpu());
      }
    }
    return parts;
  }
}
