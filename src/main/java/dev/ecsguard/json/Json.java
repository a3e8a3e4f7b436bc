package dev.ecsguard.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one shared {@link ObjectMapper}, lenient on input (CloudTrail adds fields over time), and the
 * tolerant accessors the mappers use. Stringly-typed access to JSON lives here and in the two mappers only.
 */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      // One document per input: "{...} junk" or two definitions pasted into one file is malformed, not the first
      // of them (by default readTree stops after the first value and ignores the rest).
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private Json() {}

  /** A text field, or null when absent, null or not a scalar. Numbers and booleans come back as text. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  /** An integer field given as a number or as numeric text ({@code "512"}); null when absent or unreadable. */
  public static Integer integer(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isTextual()) {
      try {
        return Integer.valueOf(value.asText().trim());
      } catch (NumberFormatException unreadable) {
        return null;
      }
    }
    return null;
  }

  /** A boolean given as {@code true} or {@code "true"}; the default when absent. */
  public static boolean bool(JsonNode node, String field, boolean absent) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText().trim());
  }

  /** The elements of an array field (empty when absent or not an array). */
  public static List<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isArray()) {
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.forEach(items::add);
    return items;
  }

  /** An array of scalars as strings; a single scalar counts as a one-element list. */
  public static List<String> strings(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isValueNode()) {
      return List.of(value.asText());
    }
    List<String> items = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (item.isValueNode() && !item.isNull()) {
        items.add(item.asText());
      }
    }
    return Collections.unmodifiableList(items);
  }

  /** An object of scalars as an ordered string map (empty when absent). */
  public static Map<String, String> stringMap(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isObject()) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>();
    value.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        map.put(e.getKey(), e.getValue().asText());
      }
    });
    return Collections.unmodifiableMap(map);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public static String writePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }
}
