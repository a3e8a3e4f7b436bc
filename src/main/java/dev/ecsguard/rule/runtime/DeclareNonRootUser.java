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
 * A Linux container does not say which user it runs as ({@code user} absent or blank): the image's USER decides,
 * root for most base images but not for all (podinfo, the AWS OpenTelemetry collector and distroless nonroot images
 * set a non-root USER). The definition cannot tell, so this is its own concern, below run-as-non-root's certain
 * root: Kubernetes' restricted profile likewise asks the spec to declare runAsNonRoot rather than trust the image.
 * Windows task definitions are left to windows-non-admin-user.
 */
@RuleInfo(
    id = "declare-non-root-user",
    profile = Profile.RESTRICTED,
    title = "Container does not declare a non-root user",
    severity = Severity.MEDIUM,
    mistake = 8,
    rationale = "Without user, the container runs as whatever USER its image sets, which is root for most base "
        + "images: the task definition, the one place reviewed before a deploy, says nothing about it, and a new "
        + "image tag can silently switch the service back to root.",
    remediation = "Set user to the non-root uid the image is built for, ideally numeric with a group "
        + "(\"user\": \"1000:1000\"), so the definition guarantees it whatever image is pulled.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    controls = {
        "Security Hub ECS.20",
        "AWS Config ecs-task-definition-nonroot-user",
        "Control Tower CT.ECS.PR.3",
        "Pod Security Standards restricted (runAsNonRoot)"})
public final class DeclareNonRootUser implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!context.taskDefinition().isLinux() || (container.user() != null && !container.user().isBlank())) {
      return List.of();
    }
    return List.of(Violation.at("user", "container \"" + container.name()
        + "\" sets no user: it runs as its image's USER, root unless the image sets another"));
  }
}
