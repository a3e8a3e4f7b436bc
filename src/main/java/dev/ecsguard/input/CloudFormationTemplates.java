package dev.ecsguard.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The task definitions of a CloudFormation template (JSON or YAML; SAM and CDK output are CloudFormation too):
 * every resource of type {@code AWS::ECS::TaskDefinition}, its properties renamed to the API's fields
 * ({@link CloudFormationNames}) and its intrinsics read by {@link Intrinsics}, each field keeping its line.
 */
final class CloudFormationTemplates {

  static final String TASK_DEFINITION = "AWS::ECS::TaskDefinition";

  private CloudFormationTemplates() {}

  /** A template: an object with a {@code Resources} object whose members have a {@code Type}. */
  static boolean isTemplate(JsonNode root) {
    if (!root.isObject() || !root.path("Resources").isObject()) {
      return false;
    }
    if (root.has("AWSTemplateFormatVersion") || root.path("Resources").isEmpty()) {
      return true;
    }
    for (JsonNode resource : root.path("Resources")) {
      if (resource.path("Type").isTextual()) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param named whether the user named the file: only then is a file without task definitions said to hold
   *     nothing (a directory scan skips it quietly)
   */
  static ReadResult read(String file, String name, LocatedTree tree, boolean named) {
    Intrinsics intrinsics = new Intrinsics(tree.root());
    List<FoundDefinition> found = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> resources = tree.root().path("Resources").fields();
    while (resources.hasNext()) {
      Map.Entry<String, JsonNode> resource = resources.next();
      if (!TASK_DEFINITION.equals(resource.getValue().path("Type").asText())) {
        continue;
      }
      String pointer = LocatedTree.child("/Resources", resource.getKey());
      JsonNode properties = resource.getValue().path("Properties");
      MappedLines lines = new MappedLines(tree.line(pointer));
      if (!properties.isObject() || !properties.path("ContainerDefinitions").isArray()) {
        problems.add(name + " (" + resource.getKey() + "): no ContainerDefinitions list"
            + (Intrinsics.isIntrinsic(properties.path("ContainerDefinitions"))
                ? " (it is only known when deployed)" : ""));
        continue;
      }
      Translator translator = new Translator(tree, intrinsics, lines);
      JsonNode definition = translator.translate(properties, LocatedTree.child(pointer, "Properties"), "", false);
      found.add(new FoundDefinition(file, resource.getKey(), definition, lines));
    }
    if (named && found.isEmpty() && problems.isEmpty()) {
      notes.add(name + ": a CloudFormation template without an " + TASK_DEFINITION + " resource: nothing to lint");
    }
    return new ReadResult(found, notes, problems);
  }

  /** Walks the properties, renaming fields and resolving intrinsics, and records each output field's line. */
  private record Translator(LocatedTree tree, Intrinsics intrinsics, MappedLines lines) {

    /** The node in API shape, or null when it is {@code AWS::NoValue} (the property is left out). */
    JsonNode translate(JsonNode source, String sourcePointer, String apiPointer, boolean freeForm) {
      lines.put(apiPointer, tree.line(sourcePointer));
      JsonNode value = source;
      if (Intrinsics.isIntrinsic(source)) {
        value = intrinsics.resolve(source);
        if (value == null) {
          return null;
        }
      }
      if (value.isObject()) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        value.fields().forEachRemaining(member -> {
          String name = freeForm ? member.getKey() : CloudFormationNames.apiName(member.getKey());
          JsonNode translated = translate(member.getValue(), LocatedTree.child(sourcePointer, member.getKey()),
              LocatedTree.child(apiPointer, name), CloudFormationNames.isFreeForm(name));
          if (translated != null) {
            object.set(name, translated);
          }
        });
        return object;
      }
      if (value.isArray()) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < value.size(); i++) {
          JsonNode translated = translate(value.get(i), LocatedTree.child(sourcePointer, i),
              LocatedTree.child(apiPointer, array.size()), false);
          if (translated != null) {
            array.add(translated);
          }
        }
        return array;
      }
      return value;
    }
  }
}
