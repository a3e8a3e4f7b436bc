package dev.ecsguard.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Turns an SDK response into the JSON tree the ECS API sent, with the API's own field names
 * ({@link SdkField#locationName()}). The SDK v2 has no public JSON unmarshaller for its model classes, and
 * a second hand-written mapper would drift from the first: this way files, events and API responses all
 * reach the model through {@code TaskDefinitions.fromJson}. The field metadata is what the SDK's own
 * marshallers use; the round trip is checked against moto in the tests.
 */
public final class SdkJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  public static ObjectNode toTree(SdkPojo pojo) {
    ObjectNode object = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      // Absent lists and maps come back as auto-construct placeholders: absent in the API's JSON too.
      if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
        object.set(field.locationName(), node(value));
      }
    }
    return object;
  }

  private static JsonNode node(Object value) {
    if (value instanceof SdkPojo pojo) {
      return toTree(pojo);
    }
    if (value instanceof String text) {
      return NODES.textNode(text);
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Integer number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Double || value instanceof Float) {
      return NODES.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Instant instant) {
      return NODES.textNode(instant.toString());
    }
    if (value instanceof SdkBytes bytes) {
      return NODES.binaryNode(bytes.asByteArray());
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(item -> array.add(item == null ? NODES.nullNode() : node(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), v == null ? NODES.nullNode() : node(v)));
      return object;
    }
    return NODES.textNode(String.valueOf(value));
  }
}
