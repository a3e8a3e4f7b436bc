package dev.ecsguard.rule.iam;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.rule.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task needs the ECS agent to act for it (fetch secrets, authenticate to a registry, and on Fargate or
 * ECS Anywhere also pull from ECR and write awslogs) but names no execution role. One violation per task
 * that lists each need with the first container that has it.
 */
@RuleInfo(
    id = "require-execution-role",
    profile = Profile.BASELINE,
    title = "Task needs an execution role but has none",
    severity = Severity.HIGH,
    mistake = 4,
    rationale = "The execution role is what the ECS agent uses to fetch secrets, authenticate to private "
        + "registries and, where there is no instance role (Fargate, ECS Anywhere), to pull from ECR and write to "
        + "CloudWatch Logs. Without it the task fails to start with an access error, or on EC2 silently falls "
        + "back to the far broader instance role.",
    remediation = "Set executionRoleArn to a role that trusts ecs-tasks.amazonaws.com and has the managed policy "
        + "AmazonECSTaskExecutionRolePolicy, plus secretsmanager:GetSecretValue / ssm:GetParameters (and "
        + "kms:Decrypt) for the secrets it must read.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    controls = {"ECS API executionRoleArn"})
public final class RequireExecutionRole implements Rule {

  private static final String AWSLOGS_FARGATE = "uses the awslogs driver on Fargate";
  private static final String AWSLOGS_ANYWHERE = "uses the awslogs driver on ECS Anywhere";
  private static final String ECR_FARGATE = "pulls a private ECR image on Fargate";
  private static final String ECR_ANYWHERE = "pulls a private ECR image on ECS Anywhere";

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    if (definition.executionRoleArn() != null) {
      return List.of();
    }
    // need -> first container that has it, in a stable order
    Map<String, String> needs = new LinkedHashMap<>();
    for (ContainerDefinition container : definition.containers()) {
      if (!container.secrets().isEmpty()) {
        needs.putIfAbsent("references secrets", container.name());
      }
      if (container.repositoryCredentials()) {
        needs.putIfAbsent("uses repositoryCredentials for a private registry", container.name());
      }
      LogConfiguration logs = container.logConfiguration();
      if (logs != null && !logs.secretOptions().isEmpty()) {
        needs.putIfAbsent("references logConfiguration secretOptions", container.name());
      }
      if (definition.runsWithoutInstanceRole()) {
        // Constant texts, not concatenated per container: every container of such a task passes here.
        boolean fargate = definition.requiresFargate();
        if (logs != null && logs.isAwslogs()) {
          needs.putIfAbsent(fargate ? AWSLOGS_FARGATE : AWSLOGS_ANYWHERE, container.name());
        }
        boolean privateEcr = ImageReference.parse(context, container.image()).map(ImageReference::isEcr).orElse(false);
        if (privateEcr) {
          needs.putIfAbsent(fargate ? ECR_FARGATE : ECR_ANYWHERE, container.name());
        }
      }
    }
    if (needs.isEmpty()) {
      return List.of();
    }
    List<String> reasons = new ArrayList<>(needs.size());
    needs.forEach((need, container) -> reasons.add("container \"" + container + "\" " + need));
    return List.of(Violation.at("/executionRoleArn",
        "no executionRoleArn, but the task needs one: " + String.join("; ", reasons)));
  }
}
