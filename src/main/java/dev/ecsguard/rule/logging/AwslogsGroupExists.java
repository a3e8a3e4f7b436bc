package dev.ecsguard.rule.logging;

import dev.ecsguard.facts.Fact;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RegionGaps;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An awslogs container names a log group that does not exist, and does not let the driver create it: the task stops
 * before it starts ({@code ResourceInitializationError: failed to validate logger args ... The specified log group
 * does not exist}). The group is looked up in {@code awslogs-region}, or the definition's region when that option is
 * missing (awslogs-options-complete reports the missing option). With {@code awslogs-create-group} set to "true"
 * (any case, or another spelling Docker reads as true) the driver creates the group, and
 * awslogs-create-group-allowed checks it may.
 *
 * <p>A task-level rule rather than a container rule so that unknowns are reported once: when a lookup cannot be
 * answered, the definition gets one INFO "could not verify" at the first such container, however many containers
 * share the problem. Each distinct group is asked once per evaluation, and after a transient failure (throttled,
 * timed out, budget spent) no more are asked: the evaluation is incomplete and will not be enforced anyway.
 */
@RuleInfo(
    id = "awslogs-group-exists",
    profile = Profile.BASELINE,
    title = "awslogs log group does not exist",
    severity = Severity.HIGH,
    kind = RuleKind.LIVE,
    mistake = 1,
    rationale = "The awslogs driver writes to an existing log group unless awslogs-create-group is \"true\". When "
        + "the group is missing, ECS cannot start the container: the task stops with ResourceInitializationError, "
        + "a service never reaches its desired count and a deployment rolls back or hangs, and the only trace is "
        + "the stopped task's reason, since there are no logs to look at.",
    remediation = "Create the log group (aws logs create-log-group --log-group-name <name> --region <region>, or "
        + "in the same template as the task definition, with a retention policy), or fix awslogs-group / "
        + "awslogs-region to name an existing one. Setting awslogs-create-group to \"true\" also works but needs "
        + "logs:CreateLogGroup on the execution role and creates a group that keeps logs forever.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    controls = {},
    // A deployment often creates the group alongside the definition, or just after it.
    deployRace = true)
public final class AwslogsGroupExists implements Rule {

  static final String CREATE_GROUP = "awslogs-create-group";
  private static final Set<String> CREATE_TRUE = Set.of("true", "1", "t");

  /** A group to look up in the task's region, which is unknown: a gap. */
  @Override
  public List<String> gaps(EvaluationContext context) {
    if (context.region() != null) {
      return List.of();
    }
    for (ContainerDefinition container : context.taskDefinition().containers()) {
      LogConfiguration logs = container.logConfiguration();
      if (logs != null && logs.isAwslogs() && trimmed(logs.option(AwslogsOptionsComplete.GROUP)) != null
          && trimmed(logs.option(AwslogsOptionsComplete.REGION)) == null && !createsGroup(logs.option(CREATE_GROUP))) {
        return RegionGaps.ifUnknownForLookup(context);
      }
    }
    return List.of();
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Fact<Boolean>> asked = new HashMap<>();
    Violation unverified = null;
    for (ContainerDefinition container : context.taskDefinition().containers()) {
      LogConfiguration logs = container.logConfiguration();
      if (logs == null || !logs.isAwslogs()) {
        continue;
      }
      String group = trimmed(logs.option(AwslogsOptionsComplete.GROUP));
      String create = logs.option(CREATE_GROUP);
      String region = trimmed(logs.option(AwslogsOptionsComplete.REGION));
      region = region != null ? region : context.region();
      if (group == null || region == null || createsGroup(create)) {
        continue;
      }
      String where = region;
      Fact<Boolean> exists = asked.computeIfAbsent(region + " " + group,
          k -> context.facts().logGroupExists(where, group));
      if (exists instanceof Fact.Unknown<Boolean> unknown) {
        if (unverified == null) {
          // Offline, there is no note: no stream for nothing.
          List<Violation> notes = Unverified.at(groupField(container), unknown);
          Violation note = notes.isEmpty() ? null : notes.get(0);
          unverified = note == null ? null : note.forContainer(container.name());
        }
        if (unknown.reason().isTransient()) {
          break; // the evaluation is incomplete already; asking more would only add to a throttled or slow API
        }
      } else if (!((Fact.Known<Boolean>) exists).value()) {
        violations.add(Violation.inContainer(container.name(), groupField(container), "container \"" + container.name()
            + "\" logs to log group \"" + group + "\", which does not exist in " + region
            + ", and awslogs-create-group is not \"true\": the task will fail to start"));
      }
    }
    if (unverified != null) {
      violations.add(unverified);
    }
    return violations;
  }

  /** Where a finding about the container's log group points; made only for a finding (or a note). */
  private static String groupField(ContainerDefinition container) {
    return "/containerDefinitions/" + container.index() + "/logConfiguration/options/"
        + Violation.token(AwslogsOptionsComplete.GROUP);
  }

  /** "true" in any case, and the other spellings Docker's driver reads as true (strconv.ParseBool: 1, t). */
  static boolean createsGroup(String value) {
    return value != null && CREATE_TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
