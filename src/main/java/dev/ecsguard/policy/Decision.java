package dev.ecsguard.policy;

import dev.ecsguard.rule.Finding;
import java.util.List;

/**
 * What the policy wants done about an evaluation, and why.
 *
 * @param deregister whether the evaluated revision should be deregistered
 * @param reason for a person: why it acts or why not
 * @param triggering the findings that justify acting (empty when it does not act)
 */
public record Decision(boolean deregister, String reason, List<Finding> triggering) {

  public static Decision reportOnly(String reason) {
    return new Decision(false, reason, List.of());
  }

  public static Decision deregister(String reason, List<Finding> triggering) {
    return new Decision(true, reason, List.copyOf(triggering));
  }
}
