package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The anti-{@code privilege} test (Checkov CKV_AWS_334 reads a key ECS does not have): every key in every
 * fixture is a real ECS wire name. Keys are compared with the SDK model's {@code SdkField.locationName()},
 * recursively through nested shapes; keys of free-form maps ({@code options}, {@code dockerLabels}) are exempt.
 * The SDK's field metadata is {@code @SdkProtectedApi}: fine in a test, never in main code.
 */
class FixtureHygieneTest {

  /** A task definition file: the TaskDefinition shape, plus RegisterTaskDefinition's top-level {@code tags}. */
  private static final List<SdkField<?>> TASK_DEFINITION_FILE = union(
      TaskDefinition.builder().sdkFields(), RegisterTaskDefinitionRequest.builder().sdkFields());
  /** The output of describe-task-definition: {@code {"taskDefinition": …, "tags": […]}}. */
  private static final List<SdkField<?>> DESCRIBE_OUTPUT = DescribeTaskDefinitionResponse.builder().sdkFields();
  private static final List<SdkField<?>> RUN_TASK_REQUEST = RunTaskRequest.builder().sdkFields();

  @TestFactory
  Stream<DynamicTest> ruleFixturesUseOnlyEcsFieldNames() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path folder : RuleCase.list(RuleCase.ROOT)) {
      for (Path file : RuleCase.list(folder)) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".json") || name.endsWith(".expected.json") || name.endsWith(".parameters.json")
            || name.endsWith(".facts.json") || name.endsWith(".context.json")) {
          continue;
        }
        String label = folder.getFileName() + "/" + name;
        List<SdkField<?>> shape = name.endsWith(".run.json") ? RUN_TASK_REQUEST : null;
        tests.add(dynamicTest(label, file.toUri(), () -> {
          JsonNode root = RuleCase.read(file);
          List<SdkField<?>> fields = shape != null ? shape
              : root.has("taskDefinition") ? DESCRIBE_OUTPUT : TASK_DEFINITION_FILE;
          assertEquals(List.of(), unknownKeys(root, fields), label + ": keys that are not ECS fields");
        }));
      }
    }
    return tests.stream();
  }

  /** The task definitions embedded in sample events ({@code detail.responseElements.taskDefinition}). */
  @TestFactory
  Stream<DynamicTest> eventTaskDefinitionsUseOnlyEcsFieldNames() {
    return RuleCase.list(Path.of("events")).stream()
        .filter(p -> p.toString().endsWith(".json"))
        .map(file -> dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
          JsonNode definition = RuleCase.read(file).path("detail").path("responseElements").path("taskDefinition");
          if (definition.isObject()) {
            assertEquals(List.of(), unknownKeys(definition, TaskDefinition.builder().sdkFields()),
                file + ": keys that are not ECS fields");
          }
        }));
  }

  /** The checker itself catches the key Checkov reads by mistake. */
  @Test
  void rejectsMadeUpKeys() throws Exception {
    JsonNode bad = dev.ecsguard.json.Json.MAPPER.readTree("""
        {"family": "x", "containerDefinitions": [{"name": "a", "image": "nginx", "privilege": true,
          "logConfiguration": {"logDriver": "awslogs", "options": {"any-key": "ok"}, "secretOption": []}}]}""");
    assertEquals(
        List.of("/containerDefinitions/0/privilege", "/containerDefinitions/0/logConfiguration/secretOption"),
        unknownKeys(bad, TASK_DEFINITION_FILE));
    assertTrue(unknownKeys(dev.ecsguard.json.Json.MAPPER.readTree("{\"overrides\": {\"containerOverrides\": "
        + "[{\"name\": \"a\", \"environment\": [{\"name\": \"X\", \"value\": \"y\"}]}], \"cpu\": \"256\"}}"),
        RUN_TASK_REQUEST).isEmpty());
  }

  static List<String> unknownKeys(JsonNode node, List<SdkField<?>> fields) {
    List<String> unknown = new ArrayList<>();
    walkObject(node, fields, "", unknown);
    return unknown;
  }

  private static void walkObject(JsonNode node, List<SdkField<?>> fields, String path, List<String> unknown) {
    if (!node.isObject()) {
      return;
    }
    Map<String, SdkField<?>> byName = new HashMap<>();
    for (SdkField<?> field : fields) {
      byName.put(field.locationName(), field);
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String pointer = path + "/" + entry.getKey();
      SdkField<?> field = byName.get(entry.getKey());
      if (field == null) {
        unknown.add(pointer);
      } else {
        walkValue(entry.getValue(), field, pointer, unknown);
      }
    }
  }

  private static void walkValue(JsonNode value, SdkField<?> field, String path, List<String> unknown) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      walkObject(value, field.constructor().get().sdkFields(), path, unknown);
    } else if (type == MarshallingType.LIST && value.isArray()) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      for (int i = 0; i < value.size(); i++) {
        walkValue(value.get(i), member, path + "/" + i, unknown);
      }
    } else if (type == MarshallingType.MAP && value.isObject()) {
      // Free-form keys (options, dockerLabels); only structured values are checked.
      SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        walkValue(entry.getValue(), member, path + "/" + entry.getKey(), unknown);
      }
    }
  }

  @SafeVarargs
  private static List<SdkField<?>> union(List<SdkField<?>>... lists) {
    Map<String, SdkField<?>> byName = new java.util.LinkedHashMap<>();
    for (List<SdkField<?>> list : lists) {
      for (SdkField<?> field : list) {
        byName.putIfAbsent(field.locationName(), field);
      }
    }
    return List.copyOf(byName.values());
  }
}
