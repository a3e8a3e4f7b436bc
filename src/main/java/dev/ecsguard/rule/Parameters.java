package dev.ecsguard.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Configurable.InvalidParameterException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading a {@link Configurable} rule's parameters strictly: a misspelled key or a wrong type fails when the policy
 * is loaded, naming the key, instead of silently leaving the default in force.
 */
public final class Parameters {

  private Parameters() {}

  /** The parameters object; null counts as empty. Rejects anything but an object, and keys the rule does not take. */
  public static JsonNode object(JsonNode parameters, Set<String> known) {
    if (parameters == null || parameters.isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    if (!parameters.isObject()) {
      throw new InvalidParameterException("parameters", "expected an object");
    }
    for (Iterator<String> names = parameters.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidParameterException(name, "unknown parameter; expected one of " + new TreeSet<>(known));
      }
    }
    return parameters;
  }

  /** A list of non-blank strings, trimmed; {@code absent} when the key is not given. */
  public static List<String> strings(JsonNode parameters, String key, List<String> absent) {
    JsonNode value = parameters.get(key);
    if (value == null) {
      return absent;
    }
    if (!value.isArray()) {
      throw new InvalidParameterException(key, "expected a list of strings");
    }
    List<String> items = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new InvalidParameterException(key, "expected a list of non-blank strings");
      }
      items.add(item.asText().trim());
    }
    return List.copyOf(items);
  }

  /** A whole number of at least {@code min}; {@code absent} when the key is not given. */
  public static int integer(JsonNode parameters, String key, int absent, int min) {
    JsonNode value = parameters.get(key);
    if (value == null) {
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min) {
      throw new InvalidParameterException(key, "expected a whole number of at least " + min);
    }
    return value.intValue();
  }

  /** A JSON array of the given strings, for {@link Configurable#parameters()}. */
  public static ArrayNode array(Collection<String> items) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    items.forEach(array::add);
    return array;
  }

  /** An empty object to fill in {@link Configurable#parameters()}. */
  public static ObjectNode newObject() {
    return Json.MAPPER.createObjectNode();
  }
}
