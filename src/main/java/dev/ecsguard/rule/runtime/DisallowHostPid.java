package dev.ecsguard.rule.runtime;

import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * The task sets {@code pidMode} to {@code host}, or to an empty string: Control Tower CT.ECS.PR.10 fails both, and
 * we follow the stricter reading (an empty value is not {@code task} and says nothing safe). Absent and
 * {@code task} pass. Checkov CKV_AWS_335 looks for {@code pidMode} inside the container definitions, where ECS has
 * no such field; this rule reads the task-level field, as ECS does. The value compares case-insensitively.
 */
@RuleInfo(
    id = "disallow-host-pid",
    profile = Profile.BASELINE,
    title = "Task shares the host's process namespace",
    severity = Severity.HIGH,
    mistake = 8,
    rationale = "With pidMode host, the containers see every process on the EC2 instance, including other tasks "
        + "and the ECS agent, and a root container can signal or trace them, read their environment variables "
        + "(secrets included) through /proc, and step into their namespaces.",
    remediation = "Remove pidMode, or set it to task if the containers of this task need to see each other's "
        + "processes (a monitoring sidecar, for example).",
    docUrl = "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-3",
    controls = {
        "Security Hub ECS.3",
        "AWS Config ecs-task-definition-pid-mode-check",
        "Control Tower CT.ECS.PR.10",
        "Checkov CKV_AWS_335",
        "Prowler ecs_task_definitions_host_namespace_not_shared"})
public final class DisallowHostPid implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    String pidMode = context.taskDefinition().pidMode();
    if (pidMode == null) {
      return List.of();
    }
    if (pidMode.isBlank()) {
      return List.of(Violation.at("/pidMode", "pidMode is an empty string: neither task nor absent, and Control "
          + "Tower rejects it as it does host"));
    }
    return pidMode.trim().equalsIgnoreCase("host")
        ? List.of(Violation.at("/pidMode", "pidMode is host: the containers share the instance's process namespace"))
        : List.of();
  }
}
