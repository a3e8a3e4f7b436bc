package dev.ecsguard.rule.runtime;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * A Linux container's {@code linuxParameters.capabilities.drop} does not contain ALL, so it keeps Docker's default
 * set: one finding per container, at {@code linuxParameters/capabilities/drop}. The Pod Security Standards
 * restricted profile also allows adding back only NET_BIND_SERVICE; adding back another capability of the baseline
 * set after dropping ALL passes here (a deliberate, reviewed choice), and adding one outside it is
 * restrict-capabilities' concern. Windows definitions and privileged containers are not judged, as there.
 */
@RuleInfo(
    id = "drop-all-capabilities",
    profile = Profile.RESTRICTED,
    title = "Container does not drop all Linux capabilities",
    severity = Severity.LOW,
    mistake = 8,
    rationale = "Without drop ALL a container keeps Docker's default capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, "
        + "SETUID...), which most services never use and an attacker in the container can: NET_RAW forges packets on "
        + "the task's network, DAC_OVERRIDE ignores file permissions. Dropping ALL and adding back what the process "
        + "needs is the Pod Security Standards restricted profile.",
    remediation = "Set linuxParameters.capabilities.drop to [\"ALL\"] and add back only what the process needs, "
        + "typically nothing or NET_BIND_SERVICE (a port below 1024 as a non-root user).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html",
    controls = {"Pod Security Standards restricted", "Kyverno require-drop-all"})
public final class DropAllCapabilities implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!RestrictCapabilities.judged(container, context)) {
      return List.of();
    }
    for (String dropped : container.capabilitiesDropped()) {
      if (RestrictCapabilities.canonical(dropped).equals("ALL")) {
        return List.of();
      }
    }
    return List.of(Violation.at("linuxParameters/capabilities/drop", "container \"" + container.name()
        + "\" does not drop ALL capabilities: it keeps Docker's default set (NET_RAW, DAC_OVERRIDE, SETUID...)"));
  }
}
