package dev.ecsguard.rule.iam;

import dev.ecsguard.facts.iam.RoleReference;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code taskRoleArn} or {@code executionRoleArn} is neither an IAM role ARN nor a role name ({@link RoleReference}):
 * a user or policy ARN, a malformed account, or a CloudFormation reference that was never resolved
 * ({@code Role.Arn}, the text of {@code !GetAtt Role.Arn}; {@code !Ref}, {@code Fn::GetAtt}). A template placeholder
 * ({@code <EXECUTION_ROLE_ARN>}, {@code arn:aws:iam::ACCOUNT_ID:role/app}) is left alone in a file, for the
 * pipeline to fill in; in a registered revision it is reported like any other value that names no role.
 */
@RuleInfo(
    id = "role-arn-valid",
    profile = Profile.BASELINE,
    title = "Task or execution role is not a valid IAM role",
    severity = Severity.HIGH,
    mistake = 4,
    rationale = "ECS assumes the execution role to pull the image, fetch secrets and write logs, and hands the task "
        + "role's credentials to the application. A value that names no role (a CloudFormation attribute that was "
        + "copied instead of resolved, a user ARN, a typo in the account) leaves the task without either: it fails "
        + "to start with an access error, or its application's AWS calls are denied.",
    remediation = "Set the field to the role's ARN (arn:aws:iam::<account>:role/<name>) or its name; in "
        + "CloudFormation write !GetAtt TaskRole.Arn as a function, not as the text \"TaskRole.Arn\".",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
    controls = {})
public final class RoleArnValid implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    List<Violation> violations = new ArrayList<>(0);
    check(context, "taskRoleArn", definition.taskRoleArn(), violations);
    check(context, "executionRoleArn", definition.executionRoleArn(), violations);
    return violations;
  }

  private static void check(EvaluationContext context, String field, String role, List<Violation> violations) {
    if (role == null || role.isBlank()) {
      return;
    }
    String value = role.trim();
    boolean placeholder = Placeholders.contains(value);
    if (placeholder && context.fromFile()) {
      return; // filled in by the pipeline
    }
    String problem = placeholder ? "a template placeholder that was registered unfilled"
        : isCloudFormationReference(value) ? "an unresolved CloudFormation reference, not a role"
        : RoleReference.parse(value).isEmpty() ? "neither an IAM role ARN nor a role name"
        : null;
    if (problem != null) {
      violations.add(Violation.at("/" + field, field + " \"" + value + "\" is " + problem));
    }
  }

  /** {@code Role.Arn} (GetAtt's attribute written as text), {@code !Ref Role}, {@code Fn::GetAtt Role.Arn}. */
  static boolean isCloudFormationReference(String value) {
    return value.regionMatches(true, value.length() - 4, ".arn", 0, 4) || value.startsWith("!")
        || value.regionMatches(true, 0, "ref:", 0, 4) || value.contains("Fn::");
  }
}
