package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.state.RoleInventory;
import java.util.List;

/**
 * Which families use a task role: read from ecs-guard's {@link RoleInventory} (kept current from registration and
 * deregistration events and rebuilt by a scheduled sweep), in one query whatever the number of families. Nothing in
 * an event's path grows with the account. Until the first sweep of the account and region completes, a role no other
 * family is known to use is "being built" (an INFO note), never "not shared".
 *
 * <p>Roles are compared by name, case-insensitively, as IAM does: a definition may give the name or the ARN, and a
 * task role is always a role of the definition's own account ({@code iam:PassRole} does not cross accounts).
 */
final class InventoryLookup {

  static final String PERMISSION = "dynamodb:Query";

  private InventoryLookup() {}

  static Fact<List<String>> familiesUsingTaskRole(FactCalls calls, RoleInventory inventory, FactCache cache,
      String account, String region, String roleArn, String exceptFamily) {
    if (account == null || region == null || !LogGroupLookup.REGION.matcher(region).matches()) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "the task role inventory: the event names no account or region",
          null);
    }
    String what = "the families using task role " + roleKey(roleArn) + " in " + region;
    Fact<List<String>> others = calls.call(what, PERMISSION,
        () -> ask(() -> inventory.familiesUsing(account, region, roleKey(roleArn), exceptFamily)), null);
    if (!(others instanceof Fact.Known<List<String>> known) || !known.value().isEmpty()) {
      return others;
    }
    return swept(calls, inventory, cache, account, region) ? others
        : Fact.unknown(Fact.Reason.BEING_BUILT, "the task role inventory of " + account + " in " + region
            + ": the first sweep has not completed, so other families may use the role", null);
  }

  /** Whether a sweep ever completed: once true it stays true, so it is asked of the table once per environment. */
  private static boolean swept(FactCalls calls, RoleInventory inventory, FactCache cache, String account,
      String region) {
    String key = "inventory-swept:" + account + ":" + region;
    if (cache.get(key) != null) {
      return true;
    }
    Fact<Boolean> swept = calls.call("the task role inventory's last sweep in " + region, "dynamodb:GetItem",
        () -> ask(() -> inventory.completedSweep(account, region).isPresent()), null);
    boolean done = swept instanceof Fact.Known<Boolean> known && known.value();
    if (done) {
      cache.put(key, swept);
    }
    return done;
  }

  /** The state table's failures, as the SDK's: so that {@link FactCalls} classifies them like any lookup. */
  private static <T> T ask(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (TransientAwsException | PermanentAwsException e) {
      if (e.getCause() instanceof software.amazon.awssdk.core.exception.SdkException sdk) {
        throw sdk;
      }
      throw software.amazon.awssdk.core.exception.SdkClientException.create(e.getMessage(), e);
    }
  }

  static String roleKey(String roleArnOrName) {
    return RoleInventory.roleKey(roleArnOrName);
  }
}
