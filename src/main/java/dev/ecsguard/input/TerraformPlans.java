package dev.ecsguard.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task definitions of a Terraform plan ({@code terraform show -json plan.out}) or state
 * ({@code terraform show -json}): every managed {@code aws_ecs_task_definition} in the root module and its child
 * modules, at any depth, named by its address ({@code module.app.aws_ecs_task_definition.this[0]}). The provider's
 * snake_case attributes become the API's fields; {@code container_definitions} is the API's own JSON in a string,
 * decoded as it is. A value Terraform knows only after apply ({@code after_unknown} in {@code resource_changes})
 * becomes a {@code ${known after apply}} placeholder; a definition whose containers are unknown cannot be linted
 * and is named in a note.
 */
final class TerraformPlans {

  static final String TASK_DEFINITION = "aws_ecs_task_definition";
  static final String UNKNOWN = "known after apply";

  /** Nested blocks that hold at most one element: an object in the API. */
  private static final Set<String> SINGLE_BLOCKS = Set.of("runtime_platform", "efs_volume_configuration",
      "docker_volume_configuration", "authorization_config", "ephemeral_storage", "proxy_configuration",
      "fsx_windows_file_server_volume_configuration");

  /** Attributes named otherwise in the API. */
  private static final Map<String, String> NAMES = Map.of(
      "volume", "volumes",
      "host_path", "host",
      "placement_constraints", "placementConstraints",
      "inference_accelerator", "inferenceAccelerators",
      "size_in_gib", "sizeInGiB");

  /** Attributes that are maps of the user's keys. */
  private static final Set<String> MAPS = Set.of("driver_opts", "labels");

  /** Attributes of the provider only (lifecycle, computed copies): not part of the definition. */
  private static final Set<String> IGNORED = Set.of("tags_all", "arn", "arn_without_revision", "id",
      "skip_destroy", "track_latest", "region");

  private TerraformPlans() {}

  static boolean isPlan(JsonNode root) {
    return root.isObject() && root.has("format_version") && root.has("terraform_version")
        || root.isObject() && (root.path("planned_values").isObject() || root.path("values").path("root_module")
            .isObject()) && root.has("format_version");
  }

  /**
   * @param named whether the user named the file: only then is a file without task definitions said to hold
   *     nothing (a directory scan skips it quietly)
   */
  static ReadResult read(String file, String name, LocatedTree tree, boolean named) {
    JsonNode root = tree.root();
    String modulesPointer = root.path("planned_values").isObject() ? "/planned_values" : "/values";
    Map<String, JsonNode> afterUnknown = afterUnknown(root);
    List<FoundDefinition> found = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    collect(root.at(modulesPointer + "/root_module"), modulesPointer + "/root_module", resources, 0);
    for (String pointer : resources) {
      JsonNode node = root.at(pointer);
      String address = node.path("address").asText(TASK_DEFINITION);
      JsonNode values = node.path("values");
      JsonNode unknown = afterUnknown.getOrDefault(address, JsonNodeFactory.instance.objectNode());
      MappedLines lines = new MappedLines(tree.line(pointer));
      String at = name + " (" + address + ")";
      JsonNode containers = values.path("container_definitions");
      if (unknown.path("container_definitions").asBoolean(false) || containers.isMissingNode()
          || containers.isNull()) {
        notes.add(at + ": container_definitions is known only after apply: not linted");
        continue;
      }
      ObjectNode definition = JsonNodeFactory.instance.objectNode();
      String valuesPointer = LocatedTree.child(pointer, "values");
      try {
        JsonNode decoded = containers.isTextual() ? Json.MAPPER.readTree(containers.asText()) : containers;
        if (!decoded.isArray()) {
          problems.add(at + ": container_definitions is not a JSON list");
          continue;
        }
        definition.set("containerDefinitions", decoded);
        lines.put("/containerDefinitions", tree.line(LocatedTree.child(valuesPointer, "container_definitions")));
      } catch (JacksonException e) {
        problems.add(at + ": container_definitions is " + Json.describe(e));
        continue;
      }
      values.fields().forEachRemaining(member -> {
        String key = member.getKey();
        if (key.equals("container_definitions") || IGNORED.contains(key) || member.getValue().isNull()
            && !unknown.path(key).asBoolean(false)) {
          return;
        }
        JsonNode value = withUnknowns(member.getValue(), unknown.path(key));
        String api = apiName(key);
        definition.set(api, key.equals("tags") ? tags(value) : attribute(key, value));
        lines.put("/" + api, tree.line(LocatedTree.child(valuesPointer, key)));
      });
      // Attributes absent from values because they are unknown until apply.
      unknown.fields().forEachRemaining(member -> {
        if (member.getValue().asBoolean(false) && !definition.has(apiName(member.getKey()))
            && !IGNORED.contains(member.getKey()) && !member.getKey().equals("container_definitions")) {
          definition.set(apiName(member.getKey()), Intrinsics.unknownNode(UNKNOWN));
        }
      });
      found.add(new FoundDefinition(file, address, definition, lines));
    }
    if (named && found.isEmpty() && notes.isEmpty() && problems.isEmpty()) {
      notes.add(name + ": a Terraform plan without an " + TASK_DEFINITION + " resource: nothing to lint");
    }
    return new ReadResult(found, notes, problems);
  }

  /** The pointers of every managed task definition in a module and its children. */
  private static void collect(JsonNode module, String pointer, List<String> into, int depth) {
    if (!module.isObject() || depth > 50) {
      return;
    }
    JsonNode resources = module.path("resources");
    for (int i = 0; i < resources.size(); i++) {
      JsonNode resource = resources.get(i);
      if (TASK_DEFINITION.equals(resource.path("type").asText())
          && !"data".equals(resource.path("mode").asText())) {
        into.add(LocatedTree.child(LocatedTree.child(pointer, "resources"), i));
      }
    }
    JsonNode children = module.path("child_modules");
    for (int i = 0; i < children.size(); i++) {
      collect(children.get(i), LocatedTree.child(LocatedTree.child(pointer, "child_modules"), i), into, depth + 1);
    }
  }

  /** {@code after_unknown} of each planned resource, by address. */
  private static Map<String, JsonNode> afterUnknown(JsonNode root) {
    Map<String, JsonNode> byAddress = new HashMap<>();
    for (JsonNode change : root.path("resource_changes")) {
      JsonNode unknown = change.path("change").path("after_unknown");
      if (change.path("address").isTextual() && unknown.isObject()) {
        byAddress.put(change.path("address").asText(), unknown);
      }
    }
    return byAddress;
  }

  /** The value with each part that {@code after_unknown} marks replaced by a placeholder. */
  private static JsonNode withUnknowns(JsonNode value, JsonNode unknown) {
    if (unknown.isBoolean()) {
      return unknown.booleanValue() ? Intrinsics.unknownNode(UNKNOWN) : value;
    }
    if (unknown.isArray() && value.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        copy.add(withUnknowns(value.get(i), unknown.path(i)));
      }
      return copy;
    }
    if (unknown.isObject() && value.isObject()) {
      ObjectNode copy = ((ObjectNode) value).deepCopy();
      unknown.fields().forEachRemaining(member -> {
        JsonNode part = withUnknowns(value.path(member.getKey()), member.getValue());
        if (!part.isMissingNode()) {
          copy.set(member.getKey(), part);
        }
      });
      return copy;
    }
    return value;
  }

  /** A provider attribute in the API's shape: blocks as objects or lists, names in camelCase. */
  private static JsonNode attribute(String key, JsonNode value) {
    if (MAPS.contains(key) || !value.isContainerNode()) {
      return key.equals("host_path") && value.isTextual() ? hostPath(value) : value;
    }
    if (value.isArray()) {
      if (SINGLE_BLOCKS.contains(key)) {
        return value.isEmpty() ? JsonNodeFactory.instance.nullNode() : attribute(key, value.get(0));
      }
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      value.forEach(item -> list.add(attribute(key, item)));
      return list;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    value.fields().forEachRemaining(member -> {
      if (!member.getValue().isNull()) {
        object.set(apiName(member.getKey()), attribute(member.getKey(), member.getValue()));
      }
    });
    return object;
  }

  /** A volume's {@code host_path} is the API's {@code host.sourcePath}. */
  private static JsonNode hostPath(JsonNode path) {
    ObjectNode host = JsonNodeFactory.instance.objectNode();
    host.set("sourcePath", path);
    return host;
  }

  /** Terraform's tag map as the API's list of {@code {key, value}}. */
  private static JsonNode tags(JsonNode map) {
    ArrayNode tags = JsonNodeFactory.instance.arrayNode();
    map.fields().forEachRemaining(tag -> tags.addObject().put("key", tag.getKey()).set("value", tag.getValue()));
    return tags;
  }

  /** {@code execution_role_arn} → {@code executionRoleArn}. */
  static String apiName(String snake) {
    String named = NAMES.get(snake);
    if (named != null) {
      return named;
    }
    StringBuilder camel = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return camel.toString();
  }
}
