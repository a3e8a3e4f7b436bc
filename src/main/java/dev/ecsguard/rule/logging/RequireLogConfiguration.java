package dev.ecsguard.rule.logging;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/** Every container must send its output somewhere: a {@code logConfiguration} with a log driver. */
@RuleInfo(
    id = "require-log-configuration",
    profile = Profile.BASELINE,
    title = "Container has no log configuration",
    severity = Severity.HIGH,
    mistake = 1,
    rationale = "Containers are ephemeral: when a task stops, whatever the container wrote to stdout and stderr "
        + "is gone unless a log driver shipped it. Without logConfiguration there is no record of what the task "
        + "did, why it crashed, or what an intruder ran in it.",
    remediation = "Add a logConfiguration to every container, e.g. \"logDriver\": \"awslogs\" with the options "
        + "awslogs-group, awslogs-region and awslogs-stream-prefix (or awsfirelens/splunk with secretOptions).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    controls = {
        "Security Hub ECS.9",
        "AWS Config ecs-task-definition-log-configuration",
        "Control Tower CT.ECS.PR.5",
        "Prowler ecs_task_definitions_logging_enabled"})
public final class RequireLogConfiguration implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    LogConfiguration logs = container.logConfiguration();
    if (logs == null) {
      return List.of(Violation.at("logConfiguration",
          "container \"" + container.name() + "\" has no logConfiguration: its output is not kept"));
    }
    // The model maps a blank logDriver to null.
    if (logs.logDriver() == null) {
      return List.of(Violation.at("logConfiguration/logDriver",
          "container \"" + container.name() + "\" has a logConfiguration with an empty logDriver"));
    }
    return List.of();
  }
}
