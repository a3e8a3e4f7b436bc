package dev.ecsguard.rule.validity;

import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The definition has no {@code family}, or one ECS does not accept (up to 255 letters, digits, hyphens and
 * underscores). A file without a family is still evaluated, under its ARN's family or {@code (unnamed)}, so every
 * other problem is reported with this one. A template placeholder in a file ({@code {{ecs_family}}}) is left for the
 * pipeline to fill in.
 */
@RuleInfo(
    id = "family-valid",
    profile = Profile.BASELINE,
    title = "Task definition has no valid family",
    severity = Severity.HIGH,
    mistake = 0,
    rationale = "family is required: it names the task definition, and each registration adds a revision to it. "
        + "RegisterTaskDefinition rejects a definition without one, or with characters other than letters, digits, "
        + "hyphens and underscores, so the deployment that carries it fails at its first step.",
    remediation = "Set family to the service's name, e.g. \"family\": \"orders-api\" (up to 255 letters, digits, "
        + "hyphens and underscores).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#family",
    controls = {})
public final class FamilyValid implements Rule {

  private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    if (!definition.familyDeclared()) {
      return List.of(Violation.at("/family", "the definition has no family: ECS rejects it"));
    }
    String family = definition.family();
    if (FAMILY.matcher(family).matches() || Placeholders.inTemplate(context.subject(), family)) {
      return List.of();
    }
    return List.of(Violation.at("/family", "family \"" + family + "\" is not a name ECS accepts (up to 255 "
        + "letters, digits, hyphens and underscores)"));
  }
}
