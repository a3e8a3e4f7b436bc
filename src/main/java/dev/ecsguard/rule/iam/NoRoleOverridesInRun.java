package dev.ecsguard.rule.iam;

import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A RunTask call replaces the task role or the execution role the definition names, or adds one it has none
 * of. Roles are compared as {@link SeparateTaskAndExecutionRoles} compares them (role name, case-insensitively,
 * and the account when both are ARNs), so an override that repeats the definition's role, as an ARN or a bare
 * name, passes. Role names are not secrets: the message names both.
 */
@RuleInfo(
    id = "no-role-overrides-in-run",
    profile = Profile.BASELINE,
    title = "RunTask overrides the task's IAM role",
    severity = Severity.HIGH,
    kind = RuleKind.RUN,
    mistake = 4,
    rationale = "The roles in a task definition are what reviews, policies and this tool check. RunTask's "
        + "overrides.taskRoleArn and overrides.executionRoleArn swap them for one call: anyone allowed ecs:RunTask "
        + "and iam:PassRole on a broader role runs an approved image with that role's permissions, and nothing in "
        + "the definition shows it. It is also how a one-off job quietly ends up with production credentials.",
    remediation = "Register a task definition revision that names the role the job needs and run that revision "
        + "without role overrides; restrict iam:PassRole for the callers to the roles of their own task "
        + "definitions (condition iam:PassedToService = ecs-tasks.amazonaws.com).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html",
    controls = {})
public final class NoRoleOverridesInRun implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    if (context.run().isEmpty() || context.run().get().overrides() == null) {
      return List.of();
    }
    RunRequest.Overrides overrides = context.run().get().overrides();
    TaskDefinition definition = context.taskDefinition();
    List<Violation> violations = new ArrayList<>(2);
    compare("taskRoleArn", "task role", overrides.taskRoleArn(), definition.taskRoleArn(), violations);
    compare("executionRoleArn", "execution role", overrides.executionRoleArn(), definition.executionRoleArn(),
        violations);
    return violations;
  }

  private static void compare(String field, String what, String override, String defined, List<Violation> out) {
    if (override == null || override.isBlank()) {
      return;
    }
    String given = override.trim();
    String overrideName = SeparateTaskAndExecutionRoles.roleName(given);
    if (defined == null) {
      out.add(Violation.at("/overrides/" + field, "RunTask adds the " + what + " \"" + overrideName
          + "\", which the task definition does not have"));
    } else if (!SeparateTaskAndExecutionRoles.sameRole(given, defined.trim())) {
      String definedName = SeparateTaskAndExecutionRoles.roleName(defined.trim());
      // Same name in another account: only the ARNs tell them apart.
      boolean sameName = definedName.equalsIgnoreCase(overrideName);
      out.add(Violation.at("/overrides/" + field, "RunTask replaces the " + what + " \""
          + (sameName ? defined.trim() : definedName) + "\" of the task definition with \""
          + (sameName ? given : overrideName) + "\""));
    }
  }
}
