package dev.ecsguard.rule.logging;

import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.iam.Decision;
import dev.ecsguard.facts.iam.IamPolicyEvaluator;
import dev.ecsguard.facts.iam.RoleReference;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RegionGaps;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.rule.iam.UnverifiedOnce;
import java.util.ArrayList;
import java.util.List;

/**
 * A container asks the awslogs driver to create its log group ({@code awslogs-create-group: "true"}) but the
 * execution role's policies do not allow {@code logs:CreateLogGroup} on that group. The driver calls
 * CreateLogGroup whether or not the group exists, so the container fails to start either way.
 *
 * <p>CloudWatch Logs documents two ARNs for a log group, {@code …:log-group:<name>} and
 * {@code …:log-group:<name>:*}, and policies use both: a grant on either counts, a Deny on either counts. Without
 * an execution role the rule is silent (require-execution-role says it); without a group or region,
 * awslogs-options-complete does.
 */
@RuleInfo(
    id = "awslogs-create-group-allowed",
    profile = Profile.BASELINE,
    title = "awslogs-create-group is set but the execution role cannot create the log group",
    severity = Severity.MEDIUM,
    kind = RuleKind.LIVE,
    mistake = 1,
    rationale = "With awslogs-create-group set to \"true\" the awslogs driver calls logs:CreateLogGroup with the "
        + "execution role before the container starts, and a denied call stops the container. The managed "
        + "AmazonECSTaskExecutionRolePolicy grants only logs:CreateLogStream and logs:PutLogEvents, so the option "
        + "usually fails the first deployment that relies on it. ecs-guard reads the execution role's attached and "
        + "inline policies and evaluates them itself; Conditions and permissions boundaries are reported as could "
        + "not verify, and service control policies are not read.",
    remediation = "Either create the log group ahead of time (with a retention period) and remove "
        + "awslogs-create-group, or add to the execution role a statement allowing logs:CreateLogGroup on "
        + "arn:aws:logs:<region>:<account>:log-group:<group>:*.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    controls = {})
public final class AwslogsCreateGroupAllowed implements Rule {

  static final String CREATE_GROUP = "awslogs-create-group";
  static final String ACTION = "logs:CreateLogGroup";

  /** A container creates its group in the task's region, which is unknown: a gap. */
  @Override
  public List<String> gaps(EvaluationContext context) {
    String role = context.taskDefinition().executionRoleArn();
    if (context.region() != null || role == null || role.isBlank()) {
      return List.of();
    }
    for (ContainerDefinition container : context.taskDefinition().containers()) {
      if (!createsGroup(container)) {
        continue;
      }
      String region = container.logConfiguration().option("awslogs-region");
      if (region == null || region.isBlank()) {
        return RegionGaps.ifUnknownForLookup(context);
      }
    }
    return List.of();
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    String role = definition.executionRoleArn();
    if (role == null || role.isBlank()) {
      return List.of();
    }
    List<ContainerDefinition> creating = definition.containers().stream()
        .filter(AwslogsCreateGroupAllowed::createsGroup)
        .toList();
    if (creating.isEmpty()) {
      return List.of();
    }
    UnverifiedOnce unverified = new UnverifiedOnce();
    Fact<RolePolicies> fact = context.facts().rolePolicies(role.trim());
    if (fact instanceof Fact.Unknown<RolePolicies> unknown) {
      unverified.unknown(null, "/executionRoleArn", unknown);
      return unverified.violations();
    }
    RolePolicies policies = ((Fact.Known<RolePolicies>) fact).value();
    IamPolicyEvaluator evaluator = IamPolicyEvaluator.of(policies);
    RoleReference resolved = RoleReference.resolved(policies.roleArn(), role, context.account());
    String name = resolved.name();
    String partition = resolved.partition();
    String account = resolved.account();
    List<Violation> violations = new ArrayList<>();
    for (ContainerDefinition container : creating) {
      LogConfiguration logs = container.logConfiguration();
      String group = logs.option("awslogs-group");
      String region = logs.option("awslogs-region") != null ? logs.option("awslogs-region") : context.region();
      if (region == null || region.isBlank() || account == null) {
        continue;
      }
      String arn = "arn:" + partition + ":logs:" + region.trim() + ":" + account + ":log-group:" + group;
      Decision decision = either(evaluator.evaluate(ACTION, arn), evaluator.evaluate(ACTION, arn + ":*"));
      String field = "/containerDefinitions/" + container.index() + "/logConfiguration/options/" + CREATE_GROUP;
      String what = ACTION + " on log group \"" + group + "\" in " + region.trim();
      if (decision.refused()) {
        violations.add(Violation.inContainer(container.name(), field, "container \"" + container.name()
            + "\" sets " + CREATE_GROUP + " to \"true\", but execution role \"" + name + "\" may not " + what + " ("
            + decision.reason() + "): the container will not start"));
      } else if (decision.outcome() == Decision.Outcome.UNKNOWN) {
        unverified.undecided(container.name(), field, "whether execution role \"" + name + "\" may " + what + ": "
            + decision.reason());
      }
    }
    violations.addAll(unverified.violations());
    return violations;
  }

  private static boolean createsGroup(ContainerDefinition container) {
    LogConfiguration logs = container.logConfiguration();
    if (logs == null || !logs.isAwslogs()) {
      return false;
    }
    String create = logs.option(CREATE_GROUP);
    String group = logs.option("awslogs-group");
    return create != null && create.trim().equalsIgnoreCase("true") && group != null && !group.isBlank();
  }

  /** The two ARN forms of one group: a Deny of either denies, a grant of either grants. */
  static Decision either(Decision plain, Decision withStar) {
    for (Decision.Outcome outcome : List.of(Decision.Outcome.DENIED, Decision.Outcome.ALLOWED,
        Decision.Outcome.UNKNOWN)) {
      if (plain.outcome() == outcome) {
        return plain;
      }
      if (withStar.outcome() == outcome) {
        return withStar;
      }
    }
    return plain;
  }
}
