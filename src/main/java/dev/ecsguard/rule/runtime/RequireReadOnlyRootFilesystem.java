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
 * A Linux container's {@code readonlyRootFilesystem} is absent or false (Security Hub ECS.5, CT.ECS.PR.6, Checkov
 * CKV_AWS_336, Prowler: absent fails as false does). Windows task definitions are not judged: ECS does not support
 * the parameter there, and Security Hub marks them not applicable.
 */
@RuleInfo(
    id = "require-read-only-root-filesystem",
    profile = Profile.RESTRICTED,
    title = "Container root filesystem is writable",
    severity = Severity.MEDIUM,
    mistake = 8,
    rationale = "A writable root filesystem lets an attacker who gets code execution replace binaries and "
        + "libraries, drop tools and persist for the life of the task. A read-only one turns those writes into "
        + "errors, and makes every place the application really writes to an explicit, reviewable volume.",
    remediation = "Set \"readonlyRootFilesystem\": true and mount a volume (or, on EC2, a tmpfs in linuxParameters) "
        + "at each path the application writes, such as /tmp.",
    docUrl = "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5",
    controls = {
        "Security Hub ECS.5",
        "AWS Config ecs-containers-readonly-access",
        "Control Tower CT.ECS.PR.6",
        "Checkov CKV_AWS_336",
        "Prowler ecs_task_definitions_containers_readonly_access"})
public final class RequireReadOnlyRootFilesystem implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!context.taskDefinition().isLinux() || container.readonlyRootFilesystem()) {
      return List.of();
    }
    return List.of(Violation.at("readonlyRootFilesystem", "container \"" + container.name()
        + "\" does not set readonlyRootFilesystem=true: its root filesystem is writable"));
  }
}
