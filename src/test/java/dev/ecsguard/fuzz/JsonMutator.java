package dev.ecsguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Structured mutations of a real JSON document, driven by the fuzzer's bytes: a field dropped, a value of the
 * wrong type, a value moved from elsewhere in the document, a known field name with a known or arbitrary value,
 * an array element repeated. Raw-byte fuzzing rarely gets past the JSON syntax into the pipeline's logic; these
 * keep the document well-formed and the event recognisable, so the fuzzer spends its time on what ecs-guard
 * decides. An exhausted input mutates nothing, so a short seed replays a real event unchanged.
 */
final class JsonMutator {

  static final int MAX_MUTATIONS = 8;
  /** Bounds a repeated array element, so one input cannot build a document of gigabytes. */
  private static final int MAX_ARRAY = 64;
  private static final int MAX_STRING = 512;
  private static final int MAX_NODES = 20_000;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Field names of the EventBridge envelope, CloudTrail and the task definition that steer ecs-guard. */
  private static final String[] FIELDS = {
      "detail", "detail-type", "source", "eventSource", "eventName", "errorCode", "eventID", "awsRegion",
      "recipientAccountId", "region", "account", "id", "userIdentity", "arn", "requestParameters",
      "responseElements", "taskDefinition", "taskDefinitionArn", "family", "revision", "omitted", "tasks",
      "taskArn", "overrides", "containerOverrides", "environment", "command", "taskRoleArn", "executionRoleArn",
      "containerDefinitions", "name", "image", "value", "valueFrom", "secrets", "dockerLabels", "entryPoint",
      "logConfiguration", "logDriver", "options", "secretOptions", "user", "privileged", "networkMode", "pidMode",
      "ipcMode", "requiresCompatibilities", "cpu", "memory", "memoryReservation", "linuxParameters",
      "capabilities", "add", "drop", "mountPoints", "volumes", "host", "sourcePath", "portMappings", "hostPort",
      "tags", "key", "status", "runtimePlatform", "operatingSystemFamily", "launchType", "networkConfiguration",
      "awsvpcConfiguration", "subnets", "assignPublicIp", "platformVersion", "cluster", "healthCheck",
      "readonlyRootFilesystem", "essential", "efsVolumeConfiguration", "transitEncryption"};

  /** Values that mean something to ecs-guard. */
  private static final String[] VALUES = {
      "AWS API Call via CloudTrail", "aws.ecs", "ecs.amazonaws.com", "RegisterTaskDefinition", "RunTask",
      "AccessDenied", "us-east-1", "eu-west-1", "123456789012", "210987654321",
      "arn:aws:ecs:us-east-1:123456789012:task-definition/payments-api:7",
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-api:7",
      "arn:aws:ecs:us-east-1:210987654321:task-definition/legacy-worker:3",
      "arn:aws:ecs:us-east-1:123456789012:task-definition/x:0", "arn:aws:ecs:us-east-1:123456789012:task-definition/",
      "arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef", "payments-api", "payments-api:7",
      "arn:aws:iam::123456789012:role/Admin", "FARGATE", "EC2", "EXTERNAL", "awsvpc", "host", "bridge", "none",
      "task", "root", "0", "0:0", "ContainerAdministrator", "WINDOWS_SERVER_2022_CORE", "LINUX", "ENABLED",
      "DISABLED", "SYS_ADMIN", "ALL", "/", "/var/run/docker.sock", "awslogs", "splunk", "latest", "nginx",
      "nginx:latest", "public.ecr.aws/nginx/nginx:1.27", "ecs-guard:exempt:run-as-non-root", "2099-12-31 fuzzing",
      "ecs-guard:alerted", "INACTIVE", "true", "false", "", " ", "-1", "2147483648", "99999999999999999999",
      "1e400", "${SECRET}", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
      "\u0000", "\u202e", "\ud800", "\n", "a\"b\\c", "%s%n", "../../etc/passwd"};

  private JsonMutator() {}

  static void mutate(JsonNode root, FuzzedDataProvider data) {
    int mutations = data.consumeInt(0, MAX_MUTATIONS);
    for (int i = 0; i < mutations && data.remainingBytes() > 0; i++) {
      mutateOnce(root, data);
    }
  }

  private static void mutateOnce(JsonNode root, FuzzedDataProvider data) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(data.consumeInt(0, containers.size() - 1));
    if (target instanceof ObjectNode object) {
      mutateObject(object, root, data);
    } else if (target instanceof ArrayNode array) {
      mutateArray(array, root, data);
    }
  }

  private static void mutateObject(ObjectNode object, JsonNode root, FuzzedDataProvider data) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    int operation = data.consumeInt(0, 2);
    if (keys.isEmpty() || operation == 0) {
      object.set(data.pickValue(FIELDS), value(root, data));
    } else if (operation == 1) {
      object.remove(keys.get(data.consumeInt(0, keys.size() - 1)));
    } else {
      object.set(keys.get(data.consumeInt(0, keys.size() - 1)), value(root, data));
    }
  }

  private static void mutateArray(ArrayNode array, JsonNode root, FuzzedDataProvider data) {
    int operation = data.consumeInt(0, 3);
    if (array.isEmpty() || operation == 0) {
      if (array.size() < MAX_ARRAY) {
        array.add(value(root, data));
      }
    } else if (operation == 1) {
      array.remove(data.consumeInt(0, array.size() - 1));
    } else if (operation == 2) {
      array.set(data.consumeInt(0, array.size() - 1), value(root, data));
    } else {
      JsonNode repeated = array.get(data.consumeInt(0, array.size() - 1));
      int copies = data.consumeInt(1, 8);
      for (int i = 0; i < copies && array.size() < MAX_ARRAY; i++) {
        array.add(repeated.deepCopy());
      }
    }
  }

  private static JsonNode value(JsonNode root, FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 9)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(data.consumeLong());
      case 2 -> NODES.booleanNode(data.consumeBoolean());
      case 3 -> NODES.numberNode(data.consumeDouble());
      case 4 -> NODES.objectNode();
      case 5 -> NODES.arrayNode();
      case 6 -> somewhereElse(root, data);
      case 7 -> NODES.textNode(data.consumeString(MAX_STRING));
      default -> NODES.textNode(data.pickValue(VALUES));
    };
  }

  /** A copy of another node of the document: a container where a string belongs, an ARN where a name does. */
  private static JsonNode somewhereElse(JsonNode root, FuzzedDataProvider data) {
    List<JsonNode> all = new ArrayList<>();
    collectAll(root, all);
    if (all.size() > MAX_NODES) {
      // Copying a document into itself doubles it: stop before one input costs seconds.
      return NODES.textNode(data.pickValue(VALUES));
    }
    return all.get(data.consumeInt(0, all.size() - 1)).deepCopy();
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), into);
      }
    }
  }

  private static void collectAll(JsonNode node, List<JsonNode> into) {
    into.add(node);
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      collectAll(it.next(), into);
    }
  }
}
