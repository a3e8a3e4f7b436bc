package dev.ecsguard.state;

import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.model.TaskDefinitionArn;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The state table's layout, shared by its three ledgers: one table, string keys {@code pk} and {@code sk}, and
 * {@code expiresAt} (epoch seconds) for DynamoDB's TTL, so that no record outlives its use.
 *
 * <pre>
 * pk                                     sk           what
 * valve#account#region#family            valve        the actions counted by the safety valve (optimistic version)
 * action#revision-arn                    DEREGISTER   what ecs-guard did, or set out to do, to a revision
 * alert#event-id                         forms        the forms of an event's alert delivered
 * repeat#revision-arn                    digest       when a revision's set of findings was last alerted
 * families#account#region                family       a family's latest ACTIVE revision and task role
 * role#account#region#role-name          family       the families using a task role (read in one query)
 * inventory#account#region               sweep        the last completed sweep, or where one resumes
 * scan#account#region                    cursor#kind  where an interrupted scan resumes (latest or all revisions)
 * </pre>
 */
final class StateTable {

  static final String PK = "pk";
  static final String SK = "sk";
  static final String EXPIRES_AT = "expiresAt";

  private final Supplier<DynamoDbClient> client;
  private final String name;

  StateTable(Supplier<DynamoDbClient> client, String name) {
    this.client = client;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** One call on the table; an SDK failure becomes ecs-guard's transient or permanent AWS failure. */
  <T> T call(String operation, Function<DynamoDbClient, T> call) {
    try {
      return call.apply(client.get());
    } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
      throw e; // the caller's answer, not a failure
    } catch (SdkException e) {
      throw AwsFailures.classify("DynamoDB " + operation + " on " + name, e);
    }
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue expiresAfter(Instant now, Duration keep) {
    return n(now.plus(keep).getEpochSecond());
  }

  static String string(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item == null ? null : item.get(attribute);
    return value == null ? null : value.s();
  }

  static Long number(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item == null ? null : item.get(attribute);
    return value == null || value.n() == null ? null : Long.valueOf(value.n());
  }

  static Instant instant(Map<String, AttributeValue> item, String attribute) {
    String value = string(item, attribute);
    return value == null ? null : Instant.parse(value);
  }

  static String valveKey(TaskDefinitionArn revision) {
    return "valve#" + revision.account() + "#" + revision.region() + "#" + revision.family();
  }

  static String actionKey(TaskDefinitionArn revision, ActionLedger.Kind kind) {
    return revision.family() + ":" + revision.revision() + "#" + kind.name();
  }

  static String regionKey(String account, String region) {
    return account + "#" + region;
  }
}
