package dev.ecsguard.model;

import static dev.ecsguard.json.Json.array;
import static dev.ecsguard.json.Json.bool;
import static dev.ecsguard.json.Json.integer;
import static dev.ecsguard.json.Json.stringMap;
import static dev.ecsguard.json.Json.strings;
import static dev.ecsguard.json.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only mapper into {@link TaskDefinition}. Files, CloudTrail events and the ECS API all arrive here
 * as JSON in the API's own shape: the SDK's response is turned into the same tree by
 * {@code dev.ecsguard.aws.SdkJson}, so there is one set of field names and one place for the defaults.
 */
public final class TaskDefinitions {

  private TaskDefinitions() {}

  /**
   * Accepts the {@code taskDefinition} object itself, the output of {@code aws ecs describe-task-definition}
   * ({@code {"taskDefinition": {...}, "tags": [...]}}) or a RegisterTaskDefinition request.
   */
  public static TaskDefinition fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new InvalidTaskDefinitionException("expected a JSON object holding a task definition");
    }
    JsonNode definition = root.has("taskDefinition") && root.get("taskDefinition").isObject()
        ? root.get("taskDefinition")
        : root;
    JsonNode containersNode = definition.get("containerDefinitions");
    if (containersNode == null || !containersNode.isArray() || containersNode.isEmpty()) {
      throw new InvalidTaskDefinitionException("no containerDefinitions: not a task definition");
    }
    Map<String, String> tags = tags(root.has("tags") ? root : definition);

    List<String> requires = strings(definition, "requiresCompatibilities");
    String osFamily = text(definition.get("runtimePlatform"), "operatingSystemFamily");
    String declaredMode = text(definition, "networkMode");
    String arn = text(definition, "taskDefinitionArn");
    Integer revision = integer(definition, "revision");
    String family = text(definition, "family");
    boolean familyDeclared = family != null && !family.isBlank();
    if (!familyDeclared) {
      family = TaskDefinitionArn.parse(arn).map(TaskDefinitionArn::family).orElse("(unnamed)");
    }

    List<ContainerDefinition> containers = new ArrayList<>();
    List<JsonNode> containerNodes = array(definition, "containerDefinitions");
    for (int i = 0; i < containerNodes.size(); i++) {
      containers.add(container(i, containerNodes.get(i)));
    }
    List<Volume> volumes = new ArrayList<>();
    List<JsonNode> volumeNodes = array(definition, "volumes");
    for (int i = 0; i < volumeNodes.size(); i++) {
      volumes.add(volume(i, volumeNodes.get(i)));
    }

    return new TaskDefinition(
        arn,
        family,
        revision,
        text(definition, "status"),
        blankToNull(text(definition, "taskRoleArn")),
        blankToNull(text(definition, "executionRoleArn")),
        declaredMode != null ? declaredMode : defaultNetworkMode(requires, osFamily),
        declaredMode != null,
        requires,
        text(definition, "cpu"),
        text(definition, "memory"),
        text(definition, "pidMode"),
        text(definition, "ipcMode"),
        osFamily,
        List.copyOf(containers),
        List.copyOf(volumes),
        tags,
        familyDeclared,
        Settings.of(definition),
        containers.stream().anyMatch(container -> WindowsImages.isWindows(container.image())));
  }

  /** Fargate only supports awsvpc; on EC2 the API's default is bridge (Linux) or default (Windows). */
  private static String defaultNetworkMode(List<String> requires, String osFamily) {
    if (requires.contains(TaskDefinition.FARGATE)) {
      return "awsvpc";
    }
    return osFamily != null && osFamily.startsWith("WINDOWS") ? "default" : "bridge";
  }

  private static ContainerDefinition container(int index, JsonNode node) {
    JsonNode linux = node.get("linuxParameters");
    JsonNode capabilities = linux == null ? null : linux.get("capabilities");
    return new ContainerDefinition(
        index,
        nameOr(text(node, "name"), "container-" + index),
        text(node, "image"),
        bool(node, "essential", true),
        text(node, "user"),
        bool(node, "privileged", false),
        bool(node, "readonlyRootFilesystem", false),
        integer(node, "cpu"),
        integer(node, "memory"),
        integer(node, "memoryReservation"),
        environment(node, "environment"),
        secretReferences(node, "secrets"),
        logConfiguration(node.get("logConfiguration")),
        strings(node, "command"),
        strings(node, "entryPoint"),
        stringMap(node, "dockerLabels"),
        node.hasNonNull("repositoryCredentials"),
        node.hasNonNull("healthCheck"),
        strings(capabilities, "add"),
        strings(capabilities, "drop"),
        strings(node, "dockerSecurityOptions"),
        portMappings(node),
        mountPoints(node),
        strings(node.get("healthCheck"), "command"),
        text(node.get("repositoryCredentials"), "credentialsParameter"),
        dependsOn(node),
        Settings.of(node, "linuxParameters"));
  }

  private static List<ContainerDependency> dependsOn(JsonNode node) {
    List<JsonNode> entries = array(node, "dependsOn");
    List<ContainerDependency> dependencies = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      dependencies.add(new ContainerDependency(i, text(entry, "containerName"), text(entry, "condition")));
    }
    return List.copyOf(dependencies);
  }

  private static List<PortMapping> portMappings(JsonNode node) {
    List<JsonNode> entries = array(node, "portMappings");
    List<PortMapping> mappings = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      mappings.add(new PortMapping(i, integer(entry, "containerPort"), integer(entry, "hostPort"), text(entry, "protocol")));
    }
    return List.copyOf(mappings);
  }

  private static List<MountPoint> mountPoints(JsonNode node) {
    List<JsonNode> entries = array(node, "mountPoints");
    List<MountPoint> mounts = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      mounts.add(new MountPoint(i, text(entry, "sourceVolume"), text(entry, "containerPath"), bool(entry, "readOnly", false)));
    }
    return List.copyOf(mounts);
  }

  /** {@code environment} entries; an entry without a name is kept with an empty one so rules still see it. */
  public static List<EnvironmentVariable> environment(JsonNode node, String field) {
    List<EnvironmentVariable> variables = new ArrayList<>();
    for (JsonNode entry : array(node, field)) {
      String name = text(entry, "name");
      variables.add(new EnvironmentVariable(name == null ? "" : name, text(entry, "value")));
    }
    return List.copyOf(variables);
  }

  private static List<SecretReference> secretReferences(JsonNode node, String field) {
    List<SecretReference> references = new ArrayList<>();
    for (JsonNode entry : array(node, field)) {
      references.add(new SecretReference(text(entry, "name"), text(entry, "valueFrom")));
    }
    return List.copyOf(references);
  }

  private static LogConfiguration logConfiguration(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    return new LogConfiguration(
        blankToNull(text(node, "logDriver")), stringMap(node, "options"), secretReferences(node, "secretOptions"));
  }

  private static Volume volume(int index, JsonNode node) {
    JsonNode efs = node.get("efsVolumeConfiguration");
    JsonNode docker = node.get("dockerVolumeConfiguration");
    return new Volume(
        index,
        text(node, "name"),
        text(node.get("host"), "sourcePath"),
        efs != null && efs.isObject(),
        text(efs, "transitEncryption"),
        stringMap(docker, "driverOpts"),
        stringMap(docker, "labels"),
        node.hasNonNull("dockerVolumeConfiguration"));
  }

  /** Tags as ECS returns them ({@code [{"key","value"}]}), also accepting CloudFormation's capitalized form. */
  private static Map<String, String> tags(JsonNode holder) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : array(holder, "tags")) {
      String key = text(tag, "key") != null ? text(tag, "key") : text(tag, "Key");
      String value = text(tag, "value") != null ? text(tag, "value") : text(tag, "Value");
      if (key != null) {
        tags.put(key, value == null ? "" : value);
      }
    }
    return java.util.Collections.unmodifiableMap(tags);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static String nameOr(String name, String fallback) {
    return name == null || name.isBlank() ? fallback : name;
  }
}
