package dev.ecsguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields of a JSON object are set, for rules about fields the model does not otherwise carry (the settings
 * Fargate does not support): a field is set unless it is null, false (or "false"), an empty string, array or
 * object. The members of {@code nested} objects count as {@code <object>/<member>} ({@code linuxParameters/devices}).
 */
final class Settings {

  private Settings() {}

  static Set<String> of(JsonNode object, String... nested) {
    Set<String> set = new TreeSet<>();
    if (object == null || !object.isObject()) {
      return Set.of();
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (isSet(field.getValue())) {
        set.add(field.getKey());
      }
    }
    for (String name : nested) {
      JsonNode inner = object.get(name);
      if (inner != null && inner.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = inner.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (isSet(field.getValue())) {
            set.add(name + "/" + field.getKey());
          }
        }
      }
    }
    return Set.copyOf(set);
  }

  private static boolean isSet(JsonNode value) {
    if (value == null || value.isNull() || value.isBoolean() && !value.booleanValue()) {
      return false;
    }
    if (value.isTextual()) {
      String text = value.asText().trim();
      return !text.isEmpty() && !text.equalsIgnoreCase("false");
    }
    return !(value.isContainerNode() && value.isEmpty());
  }
}
