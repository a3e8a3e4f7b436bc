package dev.ecsguard.rule.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Parameters;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The task definition lacks tag keys the policy requires ({@code keys}, compared case-sensitively as AWS does; any
 * value, even empty, counts as present). With no keys configured, the default, the rule reports nothing: unlike
 * Security Hub ECS.15, which without parameters fails a definition that has no tags at all, we do not guess an
 * organization's tagging scheme. One finding at {@code /tags} lists every missing key; any number of keys may be
 * required (Security Hub stops at 6). Keys starting with {@code aws:} are reserved for AWS system tags, which users
 * cannot set and Security Hub ignores, so configuring one is rejected rather than silently never satisfied.
 */
@RuleInfo(
    id = "required-tags",
    profile = Profile.RESTRICTED,
    title = "Task definition lacks required tags",
    severity = Severity.LOW,
    mistake = 0,
    rationale = "Tags are how costs are allocated, owners are found during an incident, and tag-based IAM and "
        + "automation decide what applies to a resource. A task definition without the organization's tags is "
        + "invisible to all of them.",
    remediation = "Add the missing tags when registering the definition (register-task-definition --tags "
        + "key=team,value=payments), or propagate them from the service's or CloudFormation stack's tags.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html",
    controls = {"Security Hub ECS.15"})
public final class RequiredTags implements Rule, Configurable {

  private static final String KEYS = "keys";

  private final List<String> keys;

  public RequiredTags() {
    this(List.of());
  }

  private RequiredTags(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  @Override
  public Rule configure(JsonNode parameters) {
    JsonNode given = Parameters.object(parameters, Set.of(KEYS));
    List<String> list = Parameters.strings(given, KEYS, keys);
    for (String key : list) {
      if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw new InvalidParameterException(KEYS, "'" + key + "' uses the aws: prefix, which only AWS can set");
      }
    }
    return new RequiredTags(List.copyOf(new LinkedHashSet<>(list)));
  }

  @Override
  public JsonNode parameters() {
    ObjectNode parameters = Parameters.newObject();
    parameters.set(KEYS, Parameters.array(keys));
    return parameters;
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    Map<String, String> tags = context.taskDefinition().tags();
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      if (!tags.containsKey(key)) {
        missing.add(key);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    return List.of(Violation.at("/tags", "the task definition lacks the required tag"
        + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)));
  }
}
