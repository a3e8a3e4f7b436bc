package dev.ecsguard.rule.network;

import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * The resolved network mode is not awsvpc: bridge (also when {@code networkMode} is absent on EC2, the API's
 * default), host, none, or Windows' default. Skipped when {@code requiresCompatibilities} is exactly
 * {@code [EXTERNAL]}, as Control Tower CT.ECS.PR.4 does: ECS Anywhere does not support awsvpc. AWS Config's
 * ecs-awsvpc-networking-enabled has no such exception; on Fargate the mode is always awsvpc, so it never fails.
 */
@RuleInfo(
    id = "prefer-awsvpc-network-mode",
    profile = Profile.RESTRICTED,
    title = "Task does not use the awsvpc network mode",
    severity = Severity.LOW,
    mistake = 2,
    rationale = "Only awsvpc gives each task its own elastic network interface, private IP and security groups, "
        + "so network access can be granted per task and seen in VPC flow logs per task. In bridge mode all tasks "
        + "on an instance share the instance's security groups and reach each other through the docker bridge; "
        + "host mode shares the host's stack outright. It is also the only mode Fargate supports, so awsvpc keeps "
        + "a definition portable.",
    remediation = "Set \"networkMode\": \"awsvpc\" and give the service or RunTask call subnets and security "
        + "groups in networkConfiguration.awsvpcConfiguration; on EC2 check the instance type's ENI limits or "
        + "enable ENI trunking.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html",
    controls = {
        "AWS Config ecs-awsvpc-networking-enabled",
        "Control Tower CT.ECS.PR.4",
        "KICS ECS Task Definition Network Mode Not Recommended"})
public final class PreferAwsvpcNetworkMode implements Rule {

  static final String AWSVPC = "awsvpc";

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    if (definition.requiresCompatibilities().equals(List.of(TaskDefinition.EXTERNAL))
        || AWSVPC.equals(definition.networkMode())
        || Placeholders.inTemplate(context.subject(), definition.networkMode())) {
      return List.of();
    }
    String mode = definition.networkModeDeclared()
        ? "networkMode is " + definition.networkMode()
        : "networkMode is not set, so the task uses " + definition.networkMode();
    return List.of(Violation.at("/networkMode", mode + ", not awsvpc: the task has no network interface or security groups of its own"));
  }
}
