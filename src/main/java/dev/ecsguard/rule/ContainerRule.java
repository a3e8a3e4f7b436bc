package dev.ecsguard.rule;

import dev.ecsguard.model.ContainerDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule about each container. It owns the loop, so no rule can stop at the first container, and it
 * places every violation at {@code /containerDefinitions/<index>/<field>} with the container's name.
 */
public interface ContainerRule extends Rule {

  /** Violations of one container; their fields are relative to the container ({@code "user"}). */
  List<Violation> check(ContainerDefinition container, EvaluationContext context);

  @Override
  default List<Violation> check(EvaluationContext context) {
    // Indexed loops: this runs for every container rule, container and evaluation, and iterators are garbage. The
    // list is made by the first violation: most rules find nothing in most containers.
    List<Violation> violations = null;
    List<ContainerDefinition> containers = context.taskDefinition().containers();
    for (int i = 0; i < containers.size(); i++) {
      ContainerDefinition container = containers.get(i);
      List<Violation> found = check(container, context);
      if (found.isEmpty()) {
        continue;
      }
      if (violations == null) {
        violations = new ArrayList<>(containers.size());
      }
      for (int j = 0; j < found.size(); j++) {
        violations.add(found.get(j).inContainer(container));
      }
    }
    return violations == null ? List.of() : violations;
  }
}
