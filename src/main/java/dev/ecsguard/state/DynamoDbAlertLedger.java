package dev.ecsguard.state;

import static dev.ecsguard.state.StateTable.expiresAfter;
import static dev.ecsguard.state.StateTable.key;
import static dev.ecsguard.state.StateTable.n;
import static dev.ecsguard.state.StateTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The alert ledger in the state table. */
final class DynamoDbAlertLedger implements AlertLedger {

  /** An event is retried for hours at most; its delivery record is kept for a week. */
  static final Duration KEEP_DELIVERIES = Duration.ofDays(7);

  private final StateTable table;

  DynamoDbAlertLedger(StateTable table) {
    this.table = table;
  }

  @Override
  public Set<String> delivered(String eventId) {
    Map<String, AttributeValue> item = table.call("GetItem", db -> db.getItem(r -> r.tableName(table.name())
        .key(key("alert#" + eventId, "forms")).consistentRead(true)).item());
    AttributeValue forms = item == null ? null : item.get("forms");
    return forms == null ? Set.of() : Set.copyOf(forms.ss());
  }

  @Override
  public void recordDelivered(String eventId, Set<String> forms, Instant now) {
    if (forms.isEmpty()) {
      return;
    }
    table.call("UpdateItem", db -> db.updateItem(r -> r.tableName(table.name())
        .key(key("alert#" + eventId, "forms"))
        .updateExpression("ADD forms :forms SET expiresAt = :expires")
        .expressionAttributeValues(Map.of(":forms", AttributeValue.fromSs(java.util.List.copyOf(forms)),
            ":expires", expiresAfter(now, KEEP_DELIVERIES)))));
  }

  @Override
  public boolean claimAlert(String revisionArn, String findingSet, String eventId, Instant now, Duration window) {
    Map<String, AttributeValue> item = new HashMap<>(key("repeat#" + revisionArn, findingSet));
    item.put("eventId", s(eventId));
    item.put("alertedAt", n(now.toEpochMilli()));
    item.put(StateTable.EXPIRES_AT, expiresAfter(now, window.plusDays(1)));
    try {
      table.call("PutItem", db -> db.putItem(r -> r.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(pk) OR alertedAt < :since OR eventId = :event")
          .expressionAttributeValues(Map.of(":since", n(now.minus(window).toEpochMilli()), ":event", s(eventId)))));
      return true;
    } catch (ConditionalCheckFailedException alreadyAlerted) {
      return false;
    }
  }
}
