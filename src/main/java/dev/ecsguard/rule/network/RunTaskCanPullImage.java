package dev.ecsguard.rule.network;

import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.rule.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Fargate RunTask (see {@link FargateRun}) places its task in a subnet from which the image cannot be pulled.
 * A subnet can reach a registry when its default route goes to a NAT gateway, or to an internet gateway and the
 * task gets a public IP ({@code assignPublicIp: ENABLED}). Otherwise (an internet gateway without a public IP, or
 * no usable default route) the only way is private: interface endpoints for {@code ecr.api} and {@code ecr.dkr}
 * plus an S3 endpoint (ECR serves layers from S3), and that way reaches only private ECR in the task's own
 * region; an image on Docker Hub, ECR Public, another registry or ECR in another region still needs the
 * internet. One finding per such subnet, naming it and why; the task fails in whichever one ECS picks.
 *
 * <p>A default route to anything else (transit gateway, NAT instance, firewall endpoint, peering) passes: where it
 * leads is beyond what the facts tell, and guessing would raise false alarms on centralised egress. The rule
 * checks the image pull only; awslogs and secrets need their own endpoints (logs, secretsmanager, ssm) in the
 * same private subnets. A subnet that could not be looked up gives one INFO "could not verify" and no verdict;
 * offline the rule is silent.
 */
@RuleInfo(
    id = "run-task-can-pull-image",
    profile = Profile.BASELINE,
    title = "Fargate task cannot reach its image registry from its subnet",
    severity = Severity.HIGH,
    kind = RuleKind.RUN,
    mistake = 2,
    rationale = "Run + live: the RunTask request says which subnets and whether the task gets a public IP; the "
        + "account says where those subnets route. A Fargate task pulls its image over its own network interface. "
        + "In a subnet whose default route is an internet gateway, only a public IP lets that traffic out; with "
        + "no default route, nothing does, unless ECR is reached privately through VPC endpoints. The task then "
        + "stops with CannotPullContainerError after minutes of retries, typically in a scheduled job nobody "
        + "watches. Security tools push the opposite way (no public IPs), which is how this mistake is made.",
    remediation = "Run the task in private subnets whose default route goes to a NAT gateway; or add interface "
        + "endpoints com.amazonaws.<region>.ecr.api and com.amazonaws.<region>.ecr.dkr (private DNS on) and an S3 "
        + "gateway endpoint on the subnet's route table, and keep the images in ECR in the task's region; only for "
        + "a public subnet that must stay so, set assignPublicIp to ENABLED.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
    controls = {})
public final class RunTaskCanPullImage implements Rule {

  @Override
  public List<String> gaps(EvaluationContext context) {
    return FargateRun.regionGaps(context);
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    Optional<RunRequest> fargate = FargateRun.of(context);
    if (fargate.isEmpty()) {
      return List.of();
    }
    RunRequest run = fargate.get();
    FargateRun.Subnets subnets = FargateRun.lookUp(context, run);
    List<Violation> violations = new ArrayList<>();
    Optional<ContainerDefinition> outsideEcr = firstImageOutsideRegionalEcr(context);
    for (FargateRun.Subnet subnet : subnets.known()) {
      cannotPull(subnet, FargateRun.publicIp(run), outsideEcr, context.region())
          .ifPresent(why -> violations.add(Violation.at(subnet.field(), why)));
    }
    subnets.unverified().ifPresent(violations::add);
    return violations;
  }

  /** Why the image cannot be pulled from this subnet, or empty when it can (or when nobody can tell). */
  static Optional<String> cannotPull(FargateRun.Subnet subnet, boolean publicIp,
      Optional<ContainerDefinition> outsideEcr, String region) {
    SubnetEgress egress = subnet.egress();
    String route;
    switch (egress.defaultRoute()) {
      case NAT_GATEWAY, OTHER -> {
        return Optional.empty();
      }
      case INTERNET_GATEWAY -> {
        if (publicIp) {
          return Optional.empty();
        }
        route = "routes 0.0.0.0/0 to an internet gateway" + table(egress) + " but the task gets no public IP";
      }
      default -> route = "has no usable route to 0.0.0.0/0" + table(egress)
          + (publicIp ? ", so its public IP leads nowhere" : "");
    }
    String privately;
    if (outsideEcr.isPresent()) {
      ContainerDefinition container = outsideEcr.get();
      privately = "container \"" + container.name() + "\" pulls from " + registry(container)
          + ", which no VPC endpoint reaches";
    } else if (!egress.ecrReachablePrivately()) {
      privately = "the VPC has " + missingEndpoints(egress, region) + " to pull from ECR privately";
    } else {
      return Optional.empty();
    }
    return Optional.of("subnet " + subnet.id() + " " + route + ", and " + privately
        + ": a task placed there cannot pull its image (CannotPullContainerError)");
  }

  /** The first container whose image VPC endpoints cannot serve: anything but private ECR in the task's region. */
  static Optional<ContainerDefinition> firstImageOutsideRegionalEcr(EvaluationContext context) {
    for (ContainerDefinition container : context.taskDefinition().containers()) {
      Optional<ImageReference> image = ImageReference.parse(context, container.image());
      if (image.isEmpty() || !image.get().isEcr() || !image.get().ecrRegion().equals(context.region())) {
        return Optional.of(container);
      }
    }
    return Optional.empty();
  }

  private static String registry(ContainerDefinition container) {
    Optional<ImageReference> image = ImageReference.parse(container.image());
    if (image.isEmpty()) {
      return "an unreadable image reference";
    }
    ImageReference reference = image.get();
    if (reference.isEcr()) {
      return "ECR in " + reference.ecrRegion();
    }
    if (reference.isDockerHub()) {
      return "Docker Hub";
    }
    return reference.isEcrPublic() ? "ECR Public" : reference.registry();
  }

  /** {@code no X endpoint, no Y endpoint and no S3 endpoint on rtb-…}. */
  private static String missingEndpoints(SubnetEgress egress, String region) {
    List<String> missing = new ArrayList<>(3);
    if (!egress.ecrApiEndpoint()) {
      missing.add("com.amazonaws." + region + ".ecr.api endpoint");
    }
    if (!egress.ecrDkrEndpoint()) {
      missing.add("com.amazonaws." + region + ".ecr.dkr endpoint");
    }
    if (!egress.s3Endpoint()) {
      missing.add("S3 endpoint" + (egress.routeTableId() == null ? "" : " on " + egress.routeTableId()));
    }
    String last = missing.remove(missing.size() - 1);
    return missing.isEmpty() ? "no " + last : "no " + String.join(", no ", missing) + " and no " + last;
  }

  private static String table(SubnetEgress egress) {
    return egress.routeTableId() == null ? "" : " (" + egress.routeTableId() + ")";
  }
}
