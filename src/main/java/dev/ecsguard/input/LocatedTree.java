package dev.ecsguard.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed document and the line where each of its values starts, by JSON pointer into the document (object
 * members by the line of their key, array elements by the line of their first token).
 */
record LocatedTree(JsonNode root, Map<String, Integer> lines) {

  LocatedTree {
    lines = Map.copyOf(lines);
  }

  /** The line of a pointer into the document, or null when the parser gave none. */
  Integer line(String pointer) {
    return lines.get(pointer);
  }

  /** A member's pointer (RFC 6901: {@code ~} and {@code /} in names escaped). */
  static String child(String pointer, String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
