package dev.ecsguard.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Files that are a task definition themselves: the API's shape (a RegisterTaskDefinition request, the
 * {@code taskDefinition} object), the output of {@code aws ecs describe-task-definition} (its
 * {@code {"taskDefinition": …}} wrapper, whose {@code tags} the mapper reads), or a bare list of container
 * definitions (what {@code containerDefinitions} holds, as Terraform's {@code container_definitions} file or a
 * pipeline writes it).
 */
final class TaskDefinitionFiles {

  private TaskDefinitionFiles() {}

  /** A list of objects, at least one with a name or an image. */
  static boolean isContainerList(JsonNode root) {
    if (!root.isArray() || root.isEmpty()) {
      return false;
    }
    boolean container = false;
    for (JsonNode item : root) {
      if (!item.isObject()) {
        return false;
      }
      container |= item.has("image") || item.has("name");
    }
    return container;
  }

  static ReadResult definition(String file, LocatedTree tree) {
    JsonNode root = tree.root();
    String prefix = root.path("taskDefinition").isObject() ? "/taskDefinition" : "";
    MappedLines lines = new MappedLines(tree.line(prefix.isEmpty() ? "" : prefix));
    copyLines(tree, prefix, "", lines);
    return ReadResult.of(List.of(new FoundDefinition(file, null, root, lines)));
  }

  static ReadResult containerList(String file, LocatedTree tree) {
    ObjectNode definition = JsonNodeFactory.instance.objectNode();
    definition.set("containerDefinitions", tree.root());
    MappedLines lines = new MappedLines(tree.line(""));
    copyLines(tree, "", "/containerDefinitions", lines);
    return ReadResult.of(List.of(new FoundDefinition(file, null, definition, lines)));
  }

  /** The lines under {@code from} in the file, as pointers under {@code to} in the definition. */
  private static void copyLines(LocatedTree tree, String from, String to, MappedLines lines) {
    for (Map.Entry<String, Integer> entry : tree.lines().entrySet()) {
      String pointer = entry.getKey();
      if (pointer.startsWith(from) && pointer.length() > from.length() && pointer.charAt(from.length()) == '/') {
        lines.put(to + pointer.substring(from.length()), entry.getValue());
      }
    }
  }
}
