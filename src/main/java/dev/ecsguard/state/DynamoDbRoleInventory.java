package dev.ecsguard.state;

import static dev.ecsguard.state.StateTable.instant;
import static dev.ecsguard.state.StateTable.key;
import static dev.ecsguard.state.StateTable.n;
import static dev.ecsguard.state.StateTable.number;
import static dev.ecsguard.state.StateTable.regionKey;
import static dev.ecsguard.state.StateTable.s;
import static dev.ecsguard.state.StateTable.string;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The task role inventory in the state table: a family item per family (its latest ACTIVE revision and role) and a
 * membership item per (role, family), so that "who else uses this role" is one query on the role's partition.
 * A family item is written only for a revision at least as new as the one recorded (a conditional write), so events
 * arriving out of order cannot roll it back. The family item and the memberships are written one after the other: two
 * registrations of one family that change its role at the same instant may leave a stale membership, which the next
 * sweep removes.
 */
final class DynamoDbRoleInventory implements RoleInventory {

  private final StateTable table;

  DynamoDbRoleInventory(StateTable table) {
    this.table = table;
  }

  private static String families(String account, String region) {
    return "families#" + regionKey(account, region);
  }

  private static String role(String account, String region, String roleKey) {
    return "role#" + regionKey(account, region) + "#" + roleKey;
  }

  private static String inventory(String account, String region) {
    return "inventory#" + regionKey(account, region);
  }

  @Override
  public List<String> familiesUsing(String account, String region, String roleKey, String exceptFamily) {
    // One more than listed, and one more for the family itself: enough to tell "more" without a second page.
    QueryResponse page = table.call("Query", db -> db.query(r -> r.tableName(table.name())
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", s(role(account, region, roleKey))))
        .limit(MAX_LISTED + 2)));
    List<String> families = new ArrayList<>();
    for (Map<String, AttributeValue> item : page.items()) {
      String family = string(item, StateTable.SK);
      if (!family.equals(exceptFamily) && families.size() < MAX_LISTED) {
        families.add(family);
      }
    }
    return List.copyOf(families);
  }

  @Override
  public void record(FamilyState latest, Optional<Integer> replacing, String sweepId, Instant now) {
    Map<String, String> names = new HashMap<>(Map.of("#revision", "revision", "#at", "at"));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":revision", n(latest.revision()),
        ":at", s(now.toString())));
    StringBuilder update = new StringBuilder("SET #revision = :revision, #at = :at");
    if (latest.roleKey().isPresent()) {
      update.append(", #role = :role");
      names.put("#role", "role");
      values.put(":role", s(latest.roleKey().get()));
    }
    if (sweepId != null) {
      update.append(", sweep = :sweep");
      values.put(":sweep", s(sweepId));
    }
    if (latest.roleKey().isEmpty()) {
      update.append(" REMOVE #role");
      names.put("#role", "role");
    }
    String condition = "attribute_not_exists(#revision) OR #revision <= :revision"
        + (replacing.isPresent() ? " OR #revision = :replacing" : "");
    replacing.ifPresent(old -> values.put(":replacing", n(old)));
    Map<String, AttributeValue> before;
    try {
      before = table.call("UpdateItem", db -> db.updateItem(r -> r.tableName(table.name())
          .key(key(families(latest.account(), latest.region()), latest.family()))
          .updateExpression(update.toString()).conditionExpression(condition)
          .expressionAttributeNames(names).expressionAttributeValues(values)
          .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes());
    } catch (ConditionalCheckFailedException newerKnown) {
      return;
    }
    String oldRole = string(before, "role");
    latest.roleKey().filter(roleKey -> !roleKey.equals(oldRole)).ifPresent(roleKey ->
        table.call("PutItem", db -> db.putItem(r -> r.tableName(table.name())
            .item(key(role(latest.account(), latest.region(), roleKey), latest.family())))));
    if (oldRole != null && !latest.roleKey().map(oldRole::equals).orElse(false)) {
      removeMembership(latest.account(), latest.region(), oldRole, latest.family());
    }
  }

  private void removeMembership(String account, String region, String roleKey, String family) {
    table.call("DeleteItem", db -> db.deleteItem(r -> r.tableName(table.name())
        .key(key(role(account, region, roleKey), family))));
  }

  @Override
  public void forget(String account, String region, String family, int revision) {
    Map<String, AttributeValue> before;
    try {
      before = table.call("DeleteItem", db -> db.deleteItem(r -> r.tableName(table.name())
          .key(key(families(account, region), family))
          .conditionExpression("#revision = :revision")
          .expressionAttributeNames(Map.of("#revision", "revision"))
          .expressionAttributeValues(Map.of(":revision", n(revision)))
          .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes());
    } catch (ConditionalCheckFailedException otherRevision) {
      return;
    }
    String oldRole = string(before, "role");
    if (oldRole != null) {
      removeMembership(account, region, oldRole, family);
    }
  }

  @Override
  public Optional<Instant> completedSweep(String account, String region) {
    return Optional.ofNullable(instant(sweepItem(account, region), "completedAt"));
  }

  private Map<String, AttributeValue> sweepItem(String account, String region) {
    return table.call("GetItem", db -> db.getItem(r -> r.tableName(table.name())
        .key(key(inventory(account, region), "sweep")).consistentRead(true)).item());
  }

  @Override
  public Optional<SweepCursor> sweepCursor(String account, String region) {
    Map<String, AttributeValue> item = sweepItem(account, region);
    String sweepId = string(item, "sweepId");
    if (sweepId == null) {
      return Optional.empty();
    }
    Long done = number(item, "done");
    return Optional.of(new SweepCursor(sweepId, string(item, "pageToken"), done == null ? 0 : done.intValue(),
        instant(item, "startedAt")));
  }

  @Override
  public void saveSweepCursor(String account, String region, SweepCursor cursor) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":id", s(cursor.sweepId()),
        ":started", s(cursor.startedAt().toString()), ":done", n(cursor.done())));
    String update = "SET sweepId = :id, startedAt = :started, #done = :done";
    if (cursor.pageToken() != null) {
      update += ", pageToken = :token";
      values.put(":token", s(cursor.pageToken()));
    } else {
      update += " REMOVE pageToken";
    }
    String expression = update;
    table.call("UpdateItem", db -> db.updateItem(r -> r.tableName(table.name())
        .key(key(inventory(account, region), "sweep"))
        .updateExpression(expression).expressionAttributeNames(Map.of("#done", "done"))
        .expressionAttributeValues(values)));
  }

  @Override
  public void completeSweep(String account, String region, SweepCursor sweep, Instant now) {
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = table.call("Query", db -> db.query(r -> r.tableName(table.name())
          .keyConditionExpression("pk = :pk")
          .expressionAttributeValues(Map.of(":pk", s(families(account, region))))
          .exclusiveStartKey(from)));
      for (Map<String, AttributeValue> item : page.items()) {
        Instant recorded = instant(item, "at");
        boolean seen = sweep.sweepId().equals(string(item, "sweep"));
        if (!seen && (recorded == null || recorded.isBefore(sweep.startedAt()))) {
          Long revision = number(item, "revision");
          forget(account, region, string(item, StateTable.SK), revision == null ? -1 : revision.intValue());
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    table.call("PutItem", db -> db.putItem(r -> r.tableName(table.name()).item(Map.of(
        StateTable.PK, s(inventory(account, region)), StateTable.SK, s("sweep"),
        "completedAt", s(now.toString()), "lastSweepId", s(sweep.sweepId())))));
  }
}
