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
 * A container sets {@code privileged: true}. Checkov's CKV_AWS_334 reads the key {@code privilege} and so
 * misses real task definitions; this rule reads {@code privileged}, as ECS does.
 */
@RuleInfo(
    id = "disallow-privileged",
    profile = Profile.BASELINE,
    title = "Container runs in privileged mode",
    severity = Severity.CRITICAL,
    mistake = 8,
    rationale = "A privileged container gets every Linux capability and access to all host devices: it can load "
        + "kernel modules, mount the host's disks and reach other containers. One compromised process in it owns "
        + "the EC2 instance and every task on it.",
    remediation = "Remove privileged or set \"privileged\": false; if the process needs a specific power, add just "
        + "that capability in linuxParameters.capabilities.add.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    controls = {
        "Security Hub ECS.4",
        "AWS Config ecs-containers-nonprivileged",
        "Control Tower CT.ECS.PR.11",
        "Checkov CKV_AWS_334",
        "Prowler ecs_task_definitions_no_privileged_containers"})
public final class DisallowPrivileged implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    return container.privileged()
        ? List.of(Violation.at("privileged", "container \"" + container.name() + "\" sets privileged=true"))
        : List.of();
  }
}
