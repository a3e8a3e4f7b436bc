package dev.ecsguard.rule.image;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Optional;

/**
 * An image is not pinned by digest ({@code repository@sha256:…}), whatever its tag: a version tag can be moved
 * unless the repository is immutable. An image without a tag or tagged latest is also disallow-latest-tag's
 * finding, a different concern (the tag moves with every push, not merely can) reported under its own id.
 * Images that cannot be parsed are left to the rules that read them.
 */
@RuleInfo(
    id = "pin-images-by-digest",
    profile = Profile.RESTRICTED,
    title = "Container image is not pinned by digest",
    severity = Severity.LOW,
    mistake = 6,
    rationale = "A tag is a pointer that whoever can push to the repository can move: app:1.4.2 can be pushed "
        + "again with different content unless the ECR repository has tag immutability, and public registries "
        + "rarely do. ECS resolves a tag to a digest once per service deployment, but a task run outside a service "
        + "and every new deployment, a rollback to this revision included, take whatever the tag points to then. A "
        + "digest names the bytes, so a mistaken or malicious push cannot reach the revision.",
    remediation = "Pin the image by digest (app:1.4.2@sha256:... or app@sha256:...), for example by resolving the "
        + "tag in the deployment pipeline; or, for ECR images, enable tag immutability on the repository and accept "
        + "this finding for them with a policy exemption.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html"
        + "#deployment-container-image-stability",
    controls = {"Kyverno require-image-digest"})
public final class PinImagesByDigest implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    Optional<ImageReference> parsed = ImageReference.parse(context, container.image());
    if (parsed.isEmpty() || parsed.get().pinnedByDigest()) {
      return List.of();
    }
    return List.of(Violation.at("image", "container \"" + container.name() + "\" uses image \""
        + container.image().trim() + "\", which is not pinned by digest"));
  }
}
