package dev.ecsguard.rule.validity;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.ContainerDependency;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry of a container's {@code dependsOn} names no container of the task (a typo, a sidecar renamed or removed),
 * names none at all, or names the container itself. One finding per entry.
 */
@RuleInfo(
    id = "depends-on-existing-container",
    profile = Profile.BASELINE,
    title = "Container depends on a container the task does not define",
    severity = Severity.HIGH,
    mistake = 0,
    rationale = "dependsOn orders the start of a task's containers: a container waits for the one it names to "
        + "start, finish or become healthy. A name that matches no container of the task cannot be waited for: "
        + "ECS rejects the definition, and a sidecar renamed in one place but not the other breaks the deployment.",
    remediation = "Make containerName match the name of a container in the same containerDefinitions, or remove "
        + "the dependency.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html",
    controls = {})
public final class DependsOnExistingContainer implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    List<ContainerDependency> dependencies = container.dependsOn();
    if (dependencies.isEmpty()) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    String who = "container \"" + container.name() + "\" ";
    for (ContainerDependency dependency : dependencies) {
      String field = "dependsOn/" + dependency.index() + "/containerName";
      String name = dependency.containerName() == null ? "" : dependency.containerName().trim();
      if (name.isEmpty()) {
        violations.add(Violation.at(field, who + "has a dependency that names no container"));
      } else if (name.equals(container.name())) {
        violations.add(Violation.at(field, who + "depends on itself"));
      } else if (!defines(context, name)) {
        violations.add(Violation.at(field, who + "depends on \"" + name + "\", which this task does not define"));
      }
    }
    return violations;
  }

  private static boolean defines(EvaluationContext context, String name) {
    for (ContainerDefinition other : context.taskDefinition().containers()) {
      if (name.equals(other.name())) {
        return true;
      }
    }
    return false;
  }
}
