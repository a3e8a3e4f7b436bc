package dev.ecsguard.rule.network;

import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * The task uses {@code networkMode: host}. Only a declared value can be host: the resolved default is bridge,
 * awsvpc or default. The API's values are lower case and compared exactly, as Security Hub ECS.17 does.
 */
@RuleInfo(
    id = "disallow-host-network",
    profile = Profile.BASELINE,
    title = "Task uses the host network mode",
    severity = Severity.MEDIUM,
    mistake = 2,
    rationale = "In host mode the containers share the instance's network stack: they bind ports directly on the "
        + "host, can reach services listening on its loopback interface (the ECS agent's introspection API, other "
        + "tasks' admin ports), can see all of the host's interfaces, and bypass the per-task security groups that "
        + "awsvpc gives. Two tasks wanting the same port cannot share an instance.",
    remediation = "Use \"networkMode\": \"awsvpc\" so each task gets its own network interface and security group "
        + "(or bridge with dynamic host ports on EC2); keep host mode only for agents that must see the host's "
        + "network, and exempt them explicitly.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-host.html",
    controls = {
        "Security Hub ECS.17",
        "AWS Config ecs-task-definition-network-mode-not-host",
        "Pod Security Standards baseline"})
public final class DisallowHostNetwork implements Rule {

  static final String HOST = "host";

  @Override
  public List<Violation> check(EvaluationContext context) {
    return HOST.equals(context.taskDefinition().networkMode())
        ? List.of(Violation.at("/networkMode", "networkMode is host: containers share the instance's network stack"))
        : List.of();
  }
}
