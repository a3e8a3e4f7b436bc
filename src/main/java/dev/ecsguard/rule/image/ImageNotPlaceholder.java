package dev.ecsguard.rule.image;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * A container's image is an unresolved template placeholder ({@link Placeholders#inImage}): {@code <IMAGE1_NAME>},
 * {@code {{app-image}}}, {@code ${IMAGE}}, {@code REPLACED_BY_CI}... In a file being linted that is how a pipeline
 * template looks: one INFO note, and the other image rules leave the image alone until it is filled in. In a
 * registered revision nobody will fill it in: ECS cannot pull it, and the task never starts (HIGH).
 */
@RuleInfo(
    id = "image-not-placeholder",
    profile = Profile.BASELINE,
    title = "Container image is an unresolved template placeholder",
    severity = Severity.HIGH,
    mistake = 0,
    rationale = "Deployment pipelines register a task definition from a template whose image is a placeholder "
        + "(CodePipeline's <IMAGE1_NAME>, {{image}}, ${IMAGE}, REPLACED_BY_CI) that a build step replaces with the "
        + "image it just pushed. A revision registered with the placeholder still in it names no image that exists: "
        + "every task of it fails with CannotPullContainerError, and a service rolled to it never becomes healthy.",
    remediation = "Make the pipeline substitute the image before registering (CodePipeline imageDetail.json, "
        + "amazon-ecs-render-task-definition, envsubst), and register the rendered file, not the template. In a "
        + "template, nothing needs fixing: ecs-guard checks the image once it is filled in.",
    docUrl = "https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html",
    controls = {})
public final class ImageNotPlaceholder implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    String image = container.image();
    // An image the shared parse read is no placeholder (it reads none): most are answered from its memo.
    if (image == null || ImageReference.parse(context, image).isPresent() || !Placeholders.inImage(image)) {
      return List.of();
    }
    String who = "container \"" + container.name() + "\" has image \"" + image.trim() + "\", ";
    if (context.fromFile()) {
      // In a template, not a finding: a note (INFO) that the image is judged once the pipeline fills it in.
      return List.of(Unverified.because("image", who + "an unresolved placeholder: the image rules judge it once "
          + "the pipeline fills it in"));
    }
    return List.of(Violation.at("image", who + "a template placeholder that was registered unfilled: ECS cannot "
        + "pull it, so the task cannot start"));
  }
}
