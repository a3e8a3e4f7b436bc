package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * Which families use a task role: ECS cannot answer that in one call, so this takes an inventory of the region,
 * {@code ecs:ListTaskDefinitionFamilies} (status ACTIVE) then {@code ecs:DescribeTaskDefinition} of each family
 * (its latest ACTIVE revision), and keeps it whole in the {@link FactCache} under one key: the next events of the
 * execution environment filter the same inventory for their own role and count a cache hit.
 *
 * <p>Bounds, because this is the most expensive question ecs-guard asks:
 * <ul>
 *   <li>more than {@value #MAX_FAMILIES} families: unknown NOT_APPLICABLE, whatever the budget (a periodic
 *       inventory is the tool for such an account);
 *   <li>more families than the event has calls left: unknown BUDGET_EXHAUSTED before the first describe, so the
 *       calls are not spent in vain; the event's evaluation is then incomplete and nothing is enforced on it.
 *       With the default budget of 40 calls an account with more than about 35 families never completes the
 *       inventory: it needs a bigger budget or a periodic inventory;
 *   <li>any describe that fails (throttled, timed out, denied, budget spent) fails the whole inventory with that
 *       reason, and nothing partial is cached: a partial inventory would say "no other family" falsely.
 * </ul>
 *
 * <p>A family listed but with no ACTIVE revision to describe (moto ignores the status filter; in AWS, a revision
 * deregistered between the two calls) is skipped. Roles are compared by name, case-insensitively, as IAM does: a
 * definition may give the name or the ARN, and a task role is always a role of the definition's own account
 * ({@code iam:PassRole} does not cross accounts).
 */
final class InventoryLookup {

  static final int MAX_FAMILIES = 200;
  static final int PAGE_SIZE = 100;
  static final String LIST_PERMISSION = "ecs:ListTaskDefinitionFamilies";
  static final String DESCRIBE_PERMISSION = "ecs:DescribeTaskDefinition";

  private InventoryLookup() {}

  static Fact<List<String>> familiesUsingTaskRole(FactCalls calls, AwsClients clients, FactCache cache,
      AtomicInteger cacheHits, String region, String roleArn, String exceptFamily) {
    String what = "the task definition families in " + region;
    if (region == null || !LogGroupLookup.REGION.matcher(region).matches()) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, what + ": not a region", null);
    }
    String key = "ecs-inventory:" + region;
    Fact<Map<String, List<String>>> inventory = cache.get(key);
    if (inventory != null) {
      cacheHits.incrementAndGet();
    } else {
      inventory = take(calls, clients, region, what);
      cache.put(key, inventory);
    }
    if (!(inventory instanceof Fact.Known<Map<String, List<String>>> known)) {
      return LogGroupLookup.retype((Fact.Unknown<Map<String, List<String>>>) inventory);
    }
    List<String> families = known.value().getOrDefault(roleKey(roleArn), List.of());
    return Fact.known(families.stream().filter(family -> !family.equals(exceptFamily)).toList());
  }

  /** The role's name, lower case: the key roles are compared on. */
  static String roleKey(String roleArnOrName) {
    return roleArnOrName.substring(roleArnOrName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }

  /** Role key → families (sorted) whose latest ACTIVE revision has that task role. */
  private static Fact<Map<String, List<String>>> take(FactCalls calls, AwsClients clients, String region,
      String what) {
    TreeSet<String> families = new TreeSet<>();
    String token = null;
    do {
      String next = token;
      Fact<ListTaskDefinitionFamiliesResponse> page = calls.call(what, LIST_PERMISSION,
          () -> clients.ecsFacts(region).listTaskDefinitionFamilies(r -> r.status(TaskDefinitionFamilyStatus.ACTIVE)
              .maxResults(PAGE_SIZE).nextToken(next)),
          null);
      if (!(page instanceof Fact.Known<ListTaskDefinitionFamiliesResponse> known)) {
        return LogGroupLookup.retype((Fact.Unknown<ListTaskDefinitionFamiliesResponse>) page);
      }
      families.addAll(known.value().families());
      if (families.size() > MAX_FAMILIES) {
        return Fact.unknown(Fact.Reason.NOT_APPLICABLE,
            what + ": more than " + MAX_FAMILIES + " families, too many to inventory per event", null);
      }
      token = known.value().nextToken();
    } while (token != null && !token.isEmpty());

    Fact<Map<String, List<String>>> refused = calls.refuseUnlessAffordable(families.size(), what);
    if (refused != null) {
      return refused;
    }
    Map<String, List<String>> byRole = new HashMap<>();
    for (String family : families) {
      Fact<Optional<String>> role = calls.call("the task role of " + family + " in " + region, DESCRIBE_PERMISSION,
          () -> taskRole(clients.ecsFacts(region).describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition()),
          e -> e instanceof ClientException ? Fact.known(Optional.empty()) : null);
      if (!(role instanceof Fact.Known<Optional<String>> known)) {
        return LogGroupLookup.retype((Fact.Unknown<Optional<String>>) role);
      }
      known.value().ifPresent(arn -> byRole.computeIfAbsent(roleKey(arn), k -> new ArrayList<>()).add(family));
    }
    Map<String, List<String>> inventory = new HashMap<>();
    byRole.forEach((role, list) -> inventory.put(role, List.copyOf(list)));
    return Fact.known(Map.copyOf(inventory));
  }

  /** The task role of a described revision, if it is ACTIVE and has one. */
  private static Optional<String> taskRole(TaskDefinition definition) {
    if (definition == null || definition.status() != TaskDefinitionStatus.ACTIVE) {
      return Optional.empty();
    }
    String role = definition.taskRoleArn();
    return role == null || role.isBlank() ? Optional.empty() : Optional.of(role);
  }
}
