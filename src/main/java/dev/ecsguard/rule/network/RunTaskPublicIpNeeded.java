package dev.ecsguard.rule.network;

import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Fargate RunTask (see {@link FargateRun}) asks for a public IP ({@code assignPublicIp: ENABLED}) although a
 * subnet it names sends {@code 0.0.0.0/0} to a NAT gateway. One finding at {@code assignPublicIp} naming those
 * subnets. Where other subnets of the same call route to an internet gateway, the public IP is needed there, so
 * the message says to split the call rather than just drop the flag.
 *
 * <p>Security Hub ECS.2/ECS.16, CT.ECS.PR.9 and Checkov CKV_AWS_333 flag every public IP; this rule is the
 * narrower, certain case: the public IP buys nothing, so removing it costs nothing. A subnet that could not be
 * looked up gives one INFO "could not verify", unless a NAT subnet already decided; offline the rule is silent.
 */
@RuleInfo(
    id = "run-task-public-ip-needed",
    profile = Profile.RESTRICTED,
    title = "Fargate task gets a public IP it does not need",
    severity = Severity.LOW,
    kind = RuleKind.RUN,
    mistake = 2,
    rationale = "Run + live: the RunTask request asks for the public IP; the account says the subnet already "
        + "reaches the internet through a NAT gateway. There, the public IP serves nothing: outbound traffic and "
        + "image pulls leave through the NAT gateway, and replies to traffic arriving on the public address would "
        + "too. What remains is a task network interface addressable from the internet, one security group rule "
        + "away from exposure, flagged by every posture tool, and a public IPv4 address billed by the hour.",
    remediation = "Set assignPublicIp to DISABLED (or drop it) in the RunTask call, the schedule or the service that "
        + "makes it; if the call also lists public subnets, run the task in the NAT subnets only.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
    controls = {
        "Security Hub ECS.2",
        "Security Hub ECS.16",
        "Control Tower CT.ECS.PR.9",
        "Checkov CKV_AWS_333",
        "Prowler ecs_service_no_assign_public_ip"})
public final class RunTaskPublicIpNeeded implements Rule {

  @Override
  public List<String> gaps(EvaluationContext context) {
    return FargateRun.regionGaps(context);
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    Optional<RunRequest> fargate = FargateRun.of(context);
    if (fargate.isEmpty() || !FargateRun.publicIp(fargate.get())) {
      return List.of();
    }
    FargateRun.Subnets subnets = FargateRun.lookUp(context, fargate.get());
    List<String> nat = new ArrayList<>();
    List<String> internet = new ArrayList<>();
    for (FargateRun.Subnet subnet : subnets.known()) {
      SubnetEgress.DefaultRoute route = subnet.egress().defaultRoute();
      if (route == SubnetEgress.DefaultRoute.NAT_GATEWAY) {
        nat.add(subnet.id());
      } else if (route == SubnetEgress.DefaultRoute.INTERNET_GATEWAY) {
        internet.add(subnet.id());
      }
    }
    if (nat.isEmpty()) {
      return subnets.unverified().map(List::of).orElse(List.of());
    }
    String message = "assignPublicIp is ENABLED but " + (nat.size() == 1 ? "subnet " : "subnets ")
        + String.join(", ", nat) + (nat.size() == 1 ? " routes" : " route")
        + " 0.0.0.0/0 through a NAT gateway: the public IP is not needed there and only exposes the task";
    if (!internet.isEmpty()) {
      message += "; " + String.join(", ", internet) + (internet.size() == 1
          ? " routes to an internet gateway and needs it" : " route to an internet gateway and need it")
          + ": run the task in the NAT subnets only, without a public IP";
    }
    return List.of(Violation.at(FargateRun.ASSIGN_PUBLIC_IP, message));
  }
}
