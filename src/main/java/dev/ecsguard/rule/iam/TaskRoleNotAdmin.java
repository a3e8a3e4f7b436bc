package dev.ecsguard.rule.iam;

import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.iam.Decision;
import dev.ecsguard.facts.iam.IamPolicyEvaluator;
import dev.ecsguard.facts.iam.RoleReference;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The task role can do everything: the AWS-managed AdministratorAccess is attached, or a statement allows
 * {@code *} (or {@code *:*}) on {@code *} without a Condition. A Deny that carves a few actions out of such a grant
 * leaves it an administrator role; a Deny of everything does not. Whether the role's answer hangs on a Condition
 * or a permissions boundary is reported as could not verify (see {@link IamPolicyEvaluator} for what is not
 * modelled).
 */
@RuleInfo(
    id = "task-role-not-admin",
    profile = Profile.BASELINE,
    title = "Task role has administrator permissions",
    severity = Severity.HIGH,
    kind = RuleKind.LIVE,
    mistake = 4,
    rationale = "Every process in the task's containers gets the task role's credentials from the metadata "
        + "endpoint. With AdministratorAccess or an Allow of \"*\" on \"*\", one vulnerable dependency, SSRF or "
        + "leaked credential becomes control of the whole account: new users, every secret, every bucket, every "
        + "deletion. ecs-guard reads the role's attached and inline policies and evaluates them itself; it does not "
        + "evaluate Conditions, permissions boundaries, service control policies or session policies, and says "
        + "\"could not verify\" where one of them decides the answer.",
    remediation = "Detach AdministratorAccess from the task role and replace any \"Action\": \"*\" statement with "
        + "the actions and resources the application calls (IAM Access Analyzer can generate a policy from the "
        + "role's CloudTrail activity); keep administrative work out of application tasks.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
    controls = {"KICS ECS Service Admin Role Is Present (service role, not the task role)"})
public final class TaskRoleNotAdmin implements Rule {

  static final String FIELD = "/taskRoleArn";
  private static final Pattern ADMINISTRATOR_ACCESS =
      Pattern.compile("arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess");

  @Override
  public List<Violation> check(EvaluationContext context) {
    String role = context.taskDefinition().taskRoleArn();
    if (role == null || role.isBlank()) {
      return List.of();
    }
    Fact<RolePolicies> fact = context.facts().rolePolicies(role.trim());
    if (fact instanceof Fact.Unknown<RolePolicies> unknown) {
      return Unverified.at(FIELD, unknown);
    }
    RolePolicies policies = ((Fact.Known<RolePolicies>) fact).value();
    String name = RoleReference.parse(role).map(RoleReference::name).orElse(role.trim());
    Decision everything = IamPolicyEvaluator.of(policies).everything();
    boolean administratorAccess = policies.attachedPolicyArns().stream()
        .anyMatch(arn -> ADMINISTRATOR_ACCESS.matcher(arn).matches());
    if (administratorAccess && policies.permissionsBoundary() == null
        && everything.outcome() != Decision.Outcome.DENIED) {
      return List.of(Violation.at(FIELD, "task role \"" + name + "\" has the AWS-managed policy AdministratorAccess "
          + "attached"));
    }
    return switch (everything.outcome()) {
      case ALLOWED -> List.of(Violation.at(FIELD, "task role \"" + name + "\" may perform every action on every "
          + "resource: " + everything.reason()));
      case UNKNOWN -> List.of(Unverified.because(FIELD, "whether task role \"" + name + "\" may perform "
          + "every action on every resource: " + everything.reason()));
      case DENIED, NOT_ALLOWED -> List.of();
    };
  }
}
