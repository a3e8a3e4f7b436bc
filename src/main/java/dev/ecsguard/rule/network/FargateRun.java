package dev.ecsguard.rule.network;

import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.RegionGaps;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the two subnet rules share: which RunTask calls they look at, and how they walk its subnets.
 *
 * <p>A call counts as Fargate when {@code launchType} is FARGATE, or when no launch type was given (a capacity
 * provider strategy, or the cluster's default) and the task definition requires Fargate, which then decides
 * where the task lands. EC2 and EXTERNAL launches are skipped: on an instance the agent pulls the image
 * through the instance's own network. Without subnets (no awsvpc configuration) or region there is nothing to
 * look up.
 */
final class FargateRun {

  static final String SUBNETS = "/networkConfiguration/awsvpcConfiguration/subnets/";
  static final String ASSIGN_PUBLIC_IP = "/networkConfiguration/awsvpcConfiguration/assignPublicIp";

  /** One subnet of the call and what is known about it. */
  record Subnet(int index, String id, SubnetEgress egress) {
    String field() {
      return SUBNETS + index;
    }
  }

  /** The subnets whose egress is known, and the first one that could not be looked up. */
  record Subnets(List<Subnet> known, Optional<Violation> unverified) {}

  private FargateRun() {}

  /** The RunTask request when it starts a Fargate task in subnets of a known region. */
  static Optional<RunRequest> of(EvaluationContext context) {
    return context.region() == null ? Optional.empty() : fargateInSubnets(context);
  }

  /** A Fargate RunTask in subnets whose region is unknown: the subnets cannot be looked up, a gap. */
  static List<String> regionGaps(EvaluationContext context) {
    return context.region() == null && fargateInSubnets(context).isPresent()
        ? RegionGaps.ifUnknownForLookup(context) : List.of();
  }

  private static Optional<RunRequest> fargateInSubnets(EvaluationContext context) {
    if (context.run().isEmpty()) {
      return Optional.empty();
    }
    RunRequest run = context.run().get();
    boolean fargate = "FARGATE".equals(run.launchType())
        || run.launchType() == null && context.taskDefinition().requiresFargate();
    return fargate && !run.subnets().isEmpty() ? Optional.of(run) : Optional.empty();
  }

  static boolean publicIp(RunRequest run) {
    return "ENABLED".equals(run.assignPublicIp());
  }

  /**
   * Looks up each subnet in order. The first unknown becomes the one "could not verify" finding (none offline);
   * after an unknown for any reason but a missing subnet the walk stops, because the next subnet would meet the
   * same throttling, missing permission or spent budget, and each further call only spends the event's time.
   */
  static Subnets lookUp(EvaluationContext context, RunRequest run) {
    List<Subnet> known = new ArrayList<>();
    Optional<Violation> unverified = Optional.empty();
    List<String> ids = run.subnets();
    for (int i = 0; i < ids.size(); i++) {
      Fact<SubnetEgress> fact = context.facts().subnetEgress(context.region(), ids.get(i));
      if (fact instanceof Fact.Known<SubnetEgress> egress) {
        known.add(new Subnet(i, ids.get(i), egress.value()));
        continue;
      }
      Fact.Unknown<SubnetEgress> unknown = (Fact.Unknown<SubnetEgress>) fact;
      if (unverified.isEmpty()) {
        unverified = Unverified.at(SUBNETS + i, unknown).stream().findFirst();
      }
      if (unknown.reason() != Fact.Reason.NOT_APPLICABLE) {
        break;
      }
    }
    return new Subnets(List.copyOf(known), unverified);
  }
}
