package dev.ecsguard.rule.operations;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * An essential container (absent {@code essential} means true) has no {@code healthCheck}. Non-essential containers
 * are left alone, unlike KICS, which asks every container for one: their failure does not stop the task, and ECS
 * only replaces a task for the health of its essential containers.
 */
@RuleInfo(
    id = "require-health-check",
    profile = Profile.RESTRICTED,
    title = "Essential container has no health check",
    severity = Severity.LOW,
    mistake = 0,
    rationale = "Without a container health check, ECS only knows whether the process is running. A container that "
        + "is up but deadlocked, out of connections or stuck at start-up stays in service, deployments count it as "
        + "healthy, and dependsOn HEALTHY conditions of other containers cannot be used.",
    remediation = "Add a healthCheck that exercises the service cheaply, e.g. {\"command\": [\"CMD-SHELL\", \"curl -f "
        + "http://localhost:8080/health || exit 1\"], \"interval\": 30, \"retries\": 3, \"startPeriod\": 60}, with "
        + "a tool that exists in the image.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html",
    controls = {"KICS ECS Task Definition HealthCheck Missing"})
public final class RequireHealthCheck implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    return container.essential() && !container.healthCheck()
        ? List.of(Violation.at("healthCheck", "essential container \"" + container.name() + "\" has no healthCheck"))
        : List.of();
  }
}
