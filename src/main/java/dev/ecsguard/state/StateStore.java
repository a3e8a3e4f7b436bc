package dev.ecsguard.state;

import dev.ecsguard.aws.AwsClients;
import java.util.Map;

/**
 * What ecs-guard remembers across invocations and execution environments, kept where only it writes: in Lambda a
 * DynamoDB table of its stack ({@value #TABLE}), elsewhere (the CLI, tests, a function without a table) memory.
 * Tags on revisions may still mark for people what ecs-guard did, but they are never read back: the registrant can
 * write them.
 */
public record StateStore(ActionLedger actions, AlertLedger alerts, RoleInventory roles, ScanCursors scans,
    String where) {

  /** The IAM actions the DynamoDB adapters call, on the table only; the template grants exactly these. */
  public static final java.util.List<String> PERMISSIONS = java.util.List.of("dynamodb:DeleteItem",
      "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem");

  /** The table's name; unset means memory. */
  public static final String TABLE = "ECS_GUARD_STATE_TABLE";

  /** State for this process only. */
  public static StateStore inMemory() {
    InMemoryState state = new InMemoryState();
    return new StateStore(state, state, state, state, "memory (this process only)");
  }

  /** The table named by {@value #TABLE} in the function's region, or memory when none is named. */
  public static StateStore fromEnvironment(Map<String, String> env, AwsClients clients) {
    String table = env.get(TABLE);
    if (table == null || table.isBlank()) {
      return inMemory();
    }
    String name = table.trim();
    if (!name.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException(TABLE + ": '" + name + "' is not a DynamoDB table name");
    }
    String region = env.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(TABLE + " is set but AWS_REGION is not: the table cannot be reached");
    }
    StateTable stateTable = new StateTable(() -> clients.dynamoDb(region.trim()), name);
    return new StateStore(new DynamoDbActionLedger(stateTable), new DynamoDbAlertLedger(stateTable),
        new DynamoDbRoleInventory(stateTable), new DynamoDbScanCursors(stateTable), "DynamoDB table " + name);
  }

  public boolean persistent() {
    return !(actions instanceof InMemoryState);
  }
}
