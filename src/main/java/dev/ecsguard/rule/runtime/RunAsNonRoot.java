package dev.ecsguard.rule.runtime;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LinuxUsers;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * A Linux container runs as root by its own definition: {@code user} is {@code root}, {@code 0}, {@code 0:<group>}
 * or {@code root:<group>} (the Control Tower CT.ECS.PR.3 patterns; a numeric uid of zero such as {@code 00} also
 * counts). A definition without {@code user} leaves it to the image, which it cannot know: declare-non-root-user's
 * concern, at its own severity. Linux user names are case-sensitive, so {@code ROOT} is not root. Only the uid decides:
 * {@code 1000:0} (a non-root user in the root group) passes. Windows task definitions are left to
 * windows-non-admin-user.
 */
@RuleInfo(
    id = "run-as-non-root",
    profile = Profile.RESTRICTED,
    title = "Container runs as root",
    severity = Severity.HIGH,
    mistake = 8,
    rationale = "A process running as uid 0 in the container is root on the kernel it shares with the host and "
        + "other tasks: one container escape or writable host mount away from owning the instance.",
    remediation = "Set user to a non-root uid, ideally numeric with a group (\"user\": \"1000:1000\"), and make "
        + "sure the image's files and ports (above 1024) work for that user.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    controls = {
        "Security Hub ECS.20",
        "AWS Config ecs-task-definition-linux-user-non-root",
        "AWS Config ecs-task-definition-nonroot-user",
        "Control Tower CT.ECS.PR.3"})
public final class RunAsNonRoot implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!context.taskDefinition().isLinux()) {
      return List.of();
    }
    String user = container.user() == null ? "" : container.user().trim();
    if (!user.isEmpty() && LinuxUsers.isRoot(user)) {
      return List.of(Violation.at("user", "container \"" + container.name() + "\" sets user \"" + user
          + "\", which is root"));
    }
    return List.of();
  }
}
