package dev.ecsguard.rule.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Parameters;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RegionGaps;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Set;

/**
 * The task role is also the task role of other families: more than {@code maxOtherFamilies} (default 0, so any other
 * family is a finding). Only the latest ACTIVE revision of each family counts, in the definition's region: that is
 * what services and new tasks run; roles shared with families in other regions are not seen. The inventory behind
 * the answer is cached for a few minutes, so a family that changed its role a moment ago may still be counted.
 * A definition without a task role is left alone.
 */
@RuleInfo(
    id = "task-role-not-shared",
    profile = Profile.RESTRICTED,
    title = "Task role is shared with other task definition families",
    severity = Severity.MEDIUM,
    kind = RuleKind.LIVE,
    mistake = 4,
    rationale = "A task role grants its permissions to every container of every task that uses it. When several "
        + "services share one role, it accumulates the union of what they all need, each service can do what any "
        + "of them may, a compromise of the weakest one reaches the data of all, and nobody can remove a permission "
        + "without breaking a service they did not know used it. CloudTrail also cannot tell the services apart.",
    remediation = "Give each family its own task role with only the permissions that service needs (one role per "
        + "service in the same template as its task definition), then narrow the shared role or delete it. If "
        + "sharing is deliberate (replicas of one service under several families), raise this rule's "
        + "maxOtherFamilies or exempt the families.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
    controls = {})
public final class TaskRoleNotShared implements Rule, Configurable {

  static final String FIELD = "/taskRoleArn";
  static final int NAMED = 5;
  private static final String KEY = "maxOtherFamilies";

  private final int maxOtherFamilies;

  public TaskRoleNotShared() {
    this(0);
  }

  private TaskRoleNotShared(int maxOtherFamilies) {
    this.maxOtherFamilies = maxOtherFamilies;
  }

  @Override
  public Rule configure(JsonNode parameters) {
    JsonNode given = Parameters.object(parameters, Set.of(KEY));
    return new TaskRoleNotShared(Parameters.integer(given, KEY, 0, 0));
  }

  @Override
  public JsonNode parameters() {
    ObjectNode parameters = Parameters.newObject();
    parameters.put(KEY, maxOtherFamilies);
    return parameters;
  }

  @Override
  public List<String> gaps(EvaluationContext context) {
    String role = context.taskDefinition().taskRoleArn();
    return role == null || role.isBlank() ? List.of() : RegionGaps.ifUnknownForLookup(context);
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    String role = definition.taskRoleArn();
    if (role == null || role.isBlank() || context.region() == null) {
      return List.of();
    }
    Fact<List<String>> others = context.facts().familiesUsingTaskRole(context.account(), context.region(), role.trim(),
        definition.family());
    if (others instanceof Fact.Unknown<List<String>> unknown) {
      return Unverified.at(FIELD, unknown);
    }
    List<String> families = ((Fact.Known<List<String>>) others).value();
    if (families.size() <= maxOtherFamilies) {
      return List.of();
    }
    String named = String.join(", ", families.subList(0, Math.min(NAMED, families.size())))
        + (families.size() > NAMED ? " and " + (families.size() - NAMED) + " more" : "");
    return List.of(Violation.at(FIELD, "task role \"" + role.trim() + "\" is also the task role of "
        + families.size() + " other famil" + (families.size() == 1 ? "y" : "ies") + " in " + context.region()
        + " (latest ACTIVE revision): " + named
        + (maxOtherFamilies == 0 ? "" : "; at most " + maxOtherFamilies + " allowed")));
  }
}
