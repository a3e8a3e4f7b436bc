package dev.ecsguard.facts.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One statement of an identity policy, read for evaluation: its effect, what it names ({@code Action} or
 * {@code NotAction}, {@code Resource} or {@code NotResource}, as plain set logic) and whether it carries a
 * {@code Condition}, which ecs-guard does not evaluate. {@code Principal} does not occur in identity policies.
 *
 * @param label for a person: {@code policy "AdministratorAccess" statement "Sid"}
 */
record PolicyStatement(String label, boolean allow, List<Glob> actions, boolean notAction, List<Glob> resources,
    boolean notResource, boolean conditional) {

  /**
   * The statement, or empty when it cannot be read as IAM would (no Effect Allow/Deny, no Action or NotAction,
   * no Resource or NotResource, a non-string entry): IAM refuses such documents, so they come only from canned
   * input, and the evaluator then says it cannot tell rather than guess.
   */
  static Optional<PolicyStatement> read(JsonNode statement, String label, boolean variables) {
    if (!statement.isObject()) {
      return Optional.empty();
    }
    String effect = statement.path("Effect").asText("");
    if (!effect.equals("Allow") && !effect.equals("Deny")) {
      return Optional.empty();
    }
    boolean notAction = !statement.has("Action") && statement.has("NotAction");
    boolean notResource = !statement.has("Resource") && statement.has("NotResource");
    Optional<List<String>> actions = strings(statement.get(notAction ? "NotAction" : "Action"));
    Optional<List<String>> resources = strings(statement.get(notResource ? "NotResource" : "Resource"));
    if (actions.isEmpty() || resources.isEmpty()) {
      return Optional.empty();
    }
    JsonNode condition = statement.get("Condition");
    boolean conditional = condition != null && !(condition.isObject() && condition.isEmpty()) && !condition.isNull();
    return Optional.of(new PolicyStatement(label, effect.equals("Allow"),
        actions.get().stream().map(Glob::action).toList(), notAction,
        resources.get().stream().map(r -> Glob.resource(r, variables)).toList(), notResource, conditional));
  }

  /** A string or a non-empty list of strings. */
  private static Optional<List<String>> strings(JsonNode node) {
    if (node == null) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(List.of(node.asText()));
    }
    if (!node.isArray() || node.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        return Optional.empty();
      }
      out.add(item.asText());
    }
    return Optional.of(out);
  }

  /** The statement applies to every action and resource the question stands for. */
  boolean appliesToAll(Glob action, Glob resource) {
    return all(actions, notAction, action) && all(resources, notResource, resource);
  }

  /** The statement may apply to some of what the question stands for (or does, for a plain question). */
  boolean appliesToSome(Glob action, Glob resource) {
    return some(actions, notAction, action) && some(resources, notResource, resource);
  }

  /** A policy variable in its resources: whether it applies depends on the request. */
  boolean usesVariables() {
    return resources.stream().anyMatch(Glob::hasVariable);
  }

  private static boolean all(List<Glob> patterns, boolean not, Glob question) {
    // Not*: every string of the question lies outside every listed pattern.
    return not ? patterns.stream().noneMatch(p -> p.intersects(question))
        : patterns.stream().anyMatch(p -> p.covers(question));
  }

  private static boolean some(List<Glob> patterns, boolean not, Glob question) {
    // Not*: unless one listed pattern holds all of the question, some string may lie outside them all.
    return not ? patterns.stream().noneMatch(p -> p.covers(question))
        : patterns.stream().anyMatch(p -> p.intersects(question));
  }
}
