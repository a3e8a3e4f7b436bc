package dev.ecsguard.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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

  /**
   * The deepest nesting read. A task definition is about 6 levels deep and its event about 10; the limit keeps
   * every recursive walk of a tree (copies, the policy's merge, serialization) far from the stack's end.
   */
  public static final int MAX_NESTING = 100;
  /** The longest number read, in characters (Jackson's default): BigInteger/BigDecimal parsing is not linear. */
  public static final int MAX_NUMBER_LENGTH = 1000;

  /**
   * Limits on what the parser accepts, beyond the input's byte cap ({@link BoundedInput}): deep nesting and long
   * numbers fail as {@link StreamConstraintsException}, described by {@link #limitExceeded}. Strings and names
   * keep Jackson's limits (20 M and 50,000 characters), above what a capped input can hold or need.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .build())
      .build();

  public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      // One document per input: "{...} junk" or two definitions pasted into one file is malformed, not the first
      // of them (by default readTree stops after the first value and ignores the rest).
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private Json() {}

  /**
   * Why a parse failed, in a few words and without any of the input: a limit exceeded ("nested deeper than 100
   * levels") or "not valid JSON".
   */
  public static String describe(JacksonException failure) {
    if (failure instanceof StreamConstraintsException exceeded) {
      return limitExceeded(exceeded);
    }
    return "not valid JSON";
  }

  /** Jackson's messages name the limit; ours say it in the input's terms. */
  static String limitExceeded(StreamConstraintsException exceeded) {
    String message = String.valueOf(exceeded.getOriginalMessage());
    if (message.contains("nesting depth")) {
      return "nested deeper than " + MAX_NESTING + " levels";
    }
    if (message.contains("Number value length") || message.contains("Number length")) {
      return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
    }
    if (message.contains("String value length")) {
      return "a string longer than " + StreamReadConstraints.DEFAULT_MAX_STRING_LEN + " characters";
    }
    if (message.contains("Name length")) {
      return "a field name longer than " + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters";
    }
    return "beyond the parser's limits";
  }

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
