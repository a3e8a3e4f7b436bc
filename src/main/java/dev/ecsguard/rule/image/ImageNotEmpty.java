package dev.ecsguard.rule.image;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/** A container has no image, or a blank one: ECS rejects the definition, so it cannot be registered or run. */
@RuleInfo(
    id = "image-not-empty",
    profile = Profile.BASELINE,
    title = "Container has no image",
    severity = Severity.HIGH,
    mistake = 0,
    rationale = "image is required in every container definition: RegisterTaskDefinition rejects a container "
        + "without one, so a deployment carrying this definition fails at its first step, and nothing else in it "
        + "can be checked against what will really run.",
    remediation = "Set image to the repository URI and tag (or digest) to run. If a pipeline fills the image in, "
        + "say so with a placeholder such as \"<IMAGE>\" (CodePipeline) or \"${IMAGE}\", which ecs-guard recognises "
        + "in a file.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html",
    controls = {})
public final class ImageNotEmpty implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    String image = container.image();
    if (image != null && !image.isBlank()) {
      return List.of();
    }
    return List.of(Violation.at("image", "container \"" + container.name() + "\" has "
        + (image == null ? "no image" : "an empty image") + ": ECS rejects a container definition without one"));
  }
}
