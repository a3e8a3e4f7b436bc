package dev.ecsguard.rule.logging;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;

/** The awslogs driver needs a group and a region, and on Fargate a stream prefix. */
@RuleInfo(
    id = "awslogs-options-complete",
    profile = Profile.BASELINE,
    title = "awslogs log configuration is missing a required option",
    severity = Severity.HIGH,
    mistake = 1,
    rationale = "The awslogs driver needs awslogs-group and awslogs-region to know where to write, and on Fargate "
        + "awslogs-stream-prefix is required too. A missing option makes the container fail to start or leaves "
        + "its logs in streams named only by container id that nobody can tie to a task.",
    remediation = "In logConfiguration.options set \"awslogs-group\" to an existing log group, \"awslogs-region\" "
        + "to its region and, for Fargate, \"awslogs-stream-prefix\" (e.g. the service name).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    controls = {"ECS API LogConfiguration options"})
public final class AwslogsOptionsComplete implements ContainerRule {

  static final String GROUP = "awslogs-group";
  static final String REGION = "awslogs-region";
  static final String STREAM_PREFIX = "awslogs-stream-prefix";

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    LogConfiguration logs = container.logConfiguration();
    if (logs == null || !logs.isAwslogs()) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>(3);
    require(logs, GROUP, container, "", violations);
    require(logs, REGION, container, "", violations);
    if (context.taskDefinition().requiresFargate()) {
      require(logs, STREAM_PREFIX, container, " (required on Fargate)", violations);
    }
    return violations;
  }

  private static void require(
      LogConfiguration logs, String key, ContainerDefinition container, String note, List<Violation> out) {
    String value = logs.option(key);
    if (value == null || value.isBlank()) {
      out.add(Violation.at("logConfiguration/options/" + Violation.token(key),
          "container \"" + container.name() + "\" uses awslogs without " + key + note));
    }
  }
}
