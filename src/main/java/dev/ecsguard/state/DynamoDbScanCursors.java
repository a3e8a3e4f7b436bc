package dev.ecsguard.state;

import static dev.ecsguard.state.StateTable.expiresAfter;
import static dev.ecsguard.state.StateTable.instant;
import static dev.ecsguard.state.StateTable.key;
import static dev.ecsguard.state.StateTable.n;
import static dev.ecsguard.state.StateTable.number;
import static dev.ecsguard.state.StateTable.s;
import static dev.ecsguard.state.StateTable.string;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Scan cursors in the state table: {@code scan#account#region}, sort key {@code cursor#kind}. */
final class DynamoDbScanCursors implements ScanCursors {

  /** A sweep not resumed within a week is abandoned: the next one starts afresh (its page token is stale anyway). */
  static final Duration KEEP = Duration.ofDays(7);

  private final StateTable table;

  DynamoDbScanCursors(StateTable table) {
    this.table = table;
  }

  @Override
  public Optional<Cursor> cursor(String account, String region, String kind) {
    Map<String, AttributeValue> item = table.call("GetItem", db -> db.getItem(r -> r.tableName(table.name())
        .key(key(pk(account, region), sk(kind))).consistentRead(true)).item());
    String sweepId = string(item, "sweepId");
    if (sweepId == null) {
      return Optional.empty();
    }
    Long done = number(item, "done");
    return Optional.of(new Cursor(sweepId, string(item, "pageToken"), done == null ? 0 : done.intValue(),
        instant(item, "startedAt")));
  }

  @Override
  public void save(String account, String region, String kind, Cursor cursor) {
    Map<String, AttributeValue> item = new HashMap<>(key(pk(account, region), sk(kind)));
    item.put("sweepId", s(cursor.sweepId()));
    item.put("startedAt", s(cursor.startedAt().toString()));
    item.put("done", n(cursor.done()));
    if (cursor.pageToken() != null) {
      item.put("pageToken", s(cursor.pageToken()));
    }
    item.put(StateTable.EXPIRES_AT, expiresAfter(Instant.now(), KEEP));
    table.call("PutItem", db -> db.putItem(r -> r.tableName(table.name()).item(item)));
  }

  @Override
  public void clear(String account, String region, String kind) {
    table.call("DeleteItem", db -> db.deleteItem(r -> r.tableName(table.name()).key(key(pk(account, region), sk(kind)))));
  }

  private static String pk(String account, String region) {
    return "scan#" + StateTable.regionKey(account, region);
  }

  private static String sk(String kind) {
    return "cursor#" + kind;
  }
}
