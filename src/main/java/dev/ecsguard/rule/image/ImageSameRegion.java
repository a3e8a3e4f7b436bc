package dev.ecsguard.rule.image;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RegionGaps;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A private ECR image lives in another region than the task definition. When the region is unknown and an image is in
 * private ECR, the rule reports a gap rather than passing.
 */
@RuleInfo(
    id = "image-same-region",
    profile = Profile.RESTRICTED,
    title = "Container image is pulled from ECR in another region",
    severity = Severity.MEDIUM,
    mistake = 5,
    rationale = "Every task start pulls the image; from another region that crosses the AWS backbone, is billed "
        + "as inter-region data transfer, is slower, bypasses ECR VPC endpoints (so private subnets need a NAT "
        + "gateway) and ties the task's availability to a second region.",
    remediation = "Replicate the repository into the task's region with ECR cross-region replication and point "
        + "image at <account>.dkr.ecr.<task region>.amazonaws.com/<repository>.",
    docUrl = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-settings-configure.html",
    controls = {"Cloud Custodian registry filter example"})
public final class ImageSameRegion implements ContainerRule {

  @Override
  public List<String> gaps(EvaluationContext context) {
    if (context.region() != null) {
      return List.of();
    }
    for (ContainerDefinition container : context.taskDefinition().containers()) {
      if (ImageReference.parse(context, container.image()).map(ImageReference::isEcr).orElse(false)) {
        return RegionGaps.ifUnknown(context);
      }
    }
    return List.of();
  }

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    String region = context.region();
    if (region == null) {
      return List.of();
    }
    Optional<ImageReference> image = ImageReference.parse(context, container.image());
    if (image.isEmpty() || !image.get().isEcr() || image.get().ecrRegion().equals(region)) {
      return List.of();
    }
    return List.of(Violation.at("image",
        "container \"" + container.name() + "\" pulls its image from ECR in " + image.get().ecrRegion()
            + " but the task definition is in " + region));
  }
}
