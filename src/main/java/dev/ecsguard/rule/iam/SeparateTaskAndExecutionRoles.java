package dev.ecsguard.rule.iam;

import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The task role and the execution role are the same role. Both may be ARNs or bare names (ECS accepts a name
 * for roles in the same account): the role name is what follows the last '/', compared case-insensitively
 * because IAM role names are unique regardless of case; when both are ARNs the accounts must match too.
 * Like Checkov CKV_AWS_249, passes when either role is absent.
 */
@RuleInfo(
    id = "separate-task-and-execution-roles",
    profile = Profile.RESTRICTED,
    title = "Task role and execution role are the same role",
    severity = Severity.MEDIUM,
    mistake = 4,
    rationale = "The execution role serves the ECS agent (pull images, write logs, read the task's secrets); "
        + "the task role serves the application. One role for both gives the application every secret and "
        + "registry the agent can reach, and the agent every permission the application needs, so a compromised "
        + "container can read secrets meant for other tasks.",
    remediation = "Create a dedicated execution role with AmazonECSTaskExecutionRolePolicy and only the secrets "
        + "this task references, set it as executionRoleArn, and keep taskRoleArn for the application's own "
        + "least-privilege permissions.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html",
    controls = {"Checkov CKV_AWS_249"})
public final class SeparateTaskAndExecutionRoles implements Rule {

  private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):role/(?:.*/)?([^/]+)");

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    String task = definition.taskRoleArn();
    String execution = definition.executionRoleArn();
    if (task == null || execution == null || !sameRole(task.trim(), execution.trim())) {
      return List.of();
    }
    return List.of(Violation.at("/taskRoleArn",
        "taskRoleArn and executionRoleArn both name the role \"" + roleName(task.trim()) + "\""));
  }

  static boolean sameRole(String a, String b) {
    // The role name is what follows the last '/', ARN or not (ROLE_ARN's last group is exactly that). Most tasks
    // name two different roles, and are answered without matching the ARN pattern, whose path backtracks.
    String nameA = roleName(a);
    String nameB = roleName(b);
    boolean sameName = isAscii(nameA) && isAscii(nameB)
        // In ASCII, lower-casing maps A-Z to a-z only, which is what equalsIgnoreCase compares, without two copies.
        ? nameA.equalsIgnoreCase(nameB)
        : nameA.toLowerCase(Locale.ROOT).equals(nameB.toLowerCase(Locale.ROOT));
    if (!sameName) {
      return false;
    }
    Matcher ma = ROLE_ARN.matcher(a);
    Matcher mb = ROLE_ARN.matcher(b);
    return !(ma.matches() && mb.matches() && !ma.group(1).equals(mb.group(1)));
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  static String roleName(String role) {
    int slash = role.lastIndexOf('/');
    return slash >= 0 ? role.substring(slash + 1) : role;
  }
}
