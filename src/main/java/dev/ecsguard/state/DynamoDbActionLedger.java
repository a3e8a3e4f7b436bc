package dev.ecsguard.state;

import static dev.ecsguard.state.StateTable.expiresAfter;
import static dev.ecsguard.state.StateTable.instant;
import static dev.ecsguard.state.StateTable.key;
import static dev.ecsguard.state.StateTable.n;
import static dev.ecsguard.state.StateTable.number;
import static dev.ecsguard.state.StateTable.s;
import static dev.ecsguard.state.StateTable.string;

import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.model.TaskDefinitionArn;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The action ledger in the state table. The valve's count per family is one item holding the recent actions and a
 * version; a claim reads it and writes it back only if the version is unchanged (a conditional write), so claims
 * made at the same instant by several environments are serialised and the bound is exact.
 */
final class DynamoDbActionLedger implements ActionLedger {

  /** Concurrent claims on one family lose a race and read again; this many times at most. */
  static final int CLAIM_ATTEMPTS = 10;
  /** Action records outlive any retry of their event (EventBridge and Lambda retry for hours, not weeks). */
  static final Duration KEEP_ACTIONS = Duration.ofDays(90);

  private final StateTable table;

  DynamoDbActionLedger(StateTable table) {
    this.table = table;
  }

  @Override
  public Claim claim(TaskDefinitionArn revision, Kind kind, Instant now, int maxActions, Duration window) {
    String pk = StateTable.valveKey(revision);
    String action = StateTable.actionKey(revision, kind);
    for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> item = table.call("GetItem",
          db -> db.getItem(r -> r.tableName(table.name()).key(key(pk, "valve")).consistentRead(true)).item());
      Long version = number(item, "version");
      Map<String, AttributeValue> recent = new HashMap<>();
      if (item != null && item.get("actions") != null) {
        item.get("actions").m().forEach((counted, at) -> {
          if (Long.parseLong(at.n()) >= now.minus(window).toEpochMilli()) {
            recent.put(counted, at);
          }
        });
      }
      if (recent.containsKey(action)) {
        return new Claim.Granted();
      }
      if (recent.size() >= maxActions) {
        return new Claim.Held(recent.size());
      }
      recent.put(action, n(now.toEpochMilli()));
      Map<String, AttributeValue> next = new HashMap<>(key(pk, "valve"));
      next.put("actions", AttributeValue.fromM(recent));
      next.put("version", n(version == null ? 1 : version + 1));
      next.put(StateTable.EXPIRES_AT, expiresAfter(now, window.plusDays(1)));
      try {
        table.call("PutItem", db -> db.putItem(r -> r.tableName(table.name()).item(next)
            .conditionExpression(version == null ? "attribute_not_exists(pk)" : "version = :version")
            .expressionAttributeValues(version == null ? null : Map.of(":version", n(version)))));
        return new Claim.Granted();
      } catch (ConditionalCheckFailedException raced) {
        // Another environment counted an action on this family first: read again and count anew.
      }
    }
    throw new TransientAwsException("the safety valve of " + revision.family() + " could not be counted: "
        + CLAIM_ATTEMPTS + " concurrent claims won over this one", null);
  }

  @Override
  public void record(Entry entry) {
    Map<String, AttributeValue> item = new HashMap<>(key("action#" + entry.revision(), entry.kind().name()));
    item.put("eventId", s(entry.eventId()));
    item.put("intendedAt", s(entry.intendedAt().toString()));
    if (entry.doneAt() != null) {
      item.put("doneAt", s(entry.doneAt().toString()));
    }
    item.put(StateTable.EXPIRES_AT, expiresAfter(entry.intendedAt(), KEEP_ACTIONS));
    table.call("PutItem", db -> db.putItem(r -> r.tableName(table.name()).item(item)));
  }

  @Override
  public Optional<Entry> entry(TaskDefinitionArn revision, Kind kind) {
    Map<String, AttributeValue> item = table.call("GetItem", db -> db.getItem(r -> r.tableName(table.name())
        .key(key("action#" + revision, kind.name())).consistentRead(true)).item());
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Entry(revision, kind, string(item, "eventId"), instant(item, "intendedAt"),
        instant(item, "doneAt")));
  }
}
