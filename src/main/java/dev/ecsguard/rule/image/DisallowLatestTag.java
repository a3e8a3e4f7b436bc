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
 * An image without a tag or with {@code :latest}. A digest pins the content, so {@code repo:latest@sha256:…}
 * passes: unlike Kyverno's disallow-latest-tag, which fails any {@code :latest}, we judge what will be pulled, and
 * with a digest the tag is ignored by the pull. A version tag without a digest passes here: that it can still be
 * moved is pin-images-by-digest's concern (restricted).
 */
@RuleInfo(
    id = "disallow-latest-tag",
    profile = Profile.RESTRICTED,
    title = "Container image is not pinned to a version",
    severity = Severity.MEDIUM,
    mistake = 6,
    rationale = "An image without a tag, or tagged latest, resolves to whatever was pushed last: two tasks of "
        + "one revision can run different code, a rollback to this revision does not roll back the code, and a "
        + "bad push reaches production on the next task start. A digest (repository@sha256:...) cannot move, so "
        + "it passes even with latest.",
    remediation = "Set image to a version tag (app:1.4.2) and enable tag immutability on the ECR repository, or "
        + "pin by digest (app@sha256:...) so the revision always runs the same bytes.",
    docUrl = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    controls = {"Kyverno disallow-latest-tag", "Gatekeeper K8sDisallowedTags"})
public final class DisallowLatestTag implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    Optional<ImageReference> parsed = ImageReference.parse(context, container.image());
    if (parsed.isEmpty() || parsed.get().pinnedByDigest()) {
      return List.of();
    }
    ImageReference image = parsed.get();
    String who = "container \"" + container.name() + "\" ";
    if (!image.hasTag()) {
      return List.of(Violation.at("image", who + "uses image \"" + container.image().trim()
          + "\" with no tag and no digest, so it pulls whatever latest is at start"));
    }
    if (image.tag().equals("latest")) {
      return List.of(Violation.at("image", who + "uses image \"" + container.image().trim()
          + "\", whose latest tag moves with every push"));
    }
    return List.of();
  }
}
