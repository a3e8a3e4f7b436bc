package dev.ecsguard.rule.network;

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
 * In host network mode, a container that is not privileged runs as root: {@code user} absent or blank, or one
 * of the root patterns of {@link LinuxUsers}. This is AWS Config's ecs-task-definition-user-for-host-mode-check
 * and Control Tower CT.ECS.PR.8, which pass a privileged container (privilege is disallow-privileged's finding)
 * and treat absent {@code privileged} as false. Stricter than Prowler, which ignores {@code "0"} and an absent
 * user. Reported at {@code user}, one per container.
 */
@RuleInfo(
    id = "host-network-non-root",
    profile = Profile.BASELINE,
    title = "Container runs as root in the host network mode",
    severity = Severity.HIGH,
    mistake = 2,
    rationale = "With the host network mode a container shares the instance's network namespace; as root it can "
        + "bind any port, sniff and spoof traffic on the host's interfaces, change the host's firewall and routes "
        + "with the right capability, and talk to every service the host exposes on localhost, including the "
        + "metadata endpoints other tasks rely on.",
    remediation = "Set user to a non-root uid (\"user\": \"1000:1000\") for every container of a host-mode task, "
        + "or better, move the task to \"networkMode\": \"awsvpc\".",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-host.html",
    controls = {
        "AWS Config ecs-task-definition-user-for-host-mode-check",
        "Control Tower CT.ECS.PR.8",
        "Prowler ecs_task_definitions_host_networking_mode_users"})
public final class HostNetworkNonRoot implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!DisallowHostNetwork.HOST.equals(context.taskDefinition().networkMode()) || container.privileged()
        || !LinuxUsers.runsAsRoot(container.user())) {
      return List.of();
    }
    String user = container.user() == null ? "" : container.user().trim();
    String as = user.isEmpty() ? "sets no user (the image's user, root unless the image sets USER)"
        : "sets user \"" + user + "\", which is root,";
    return List.of(Violation.at("user", "container \"" + container.name() + "\" " + as
        + " in a task with networkMode host"));
  }
}
