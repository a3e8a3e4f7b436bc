package dev.ecsguard.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * CloudFormation's intrinsic functions, read without deploying anything. What the template alone decides is
 * worked out ({@code Fn::Join} of literals, {@code Fn::Select} from a literal list, {@code Fn::FindInMap} with
 * literal keys, {@code Fn::Sub} keeps its text); what only a deployment knows ({@code Ref} to a parameter or a
 * resource, {@code Fn::GetAtt}, {@code Fn::ImportValue}, {@code Fn::If}, …) becomes an unknown value: a
 * {@code ${…}} placeholder, which the rules already read as "not filled in yet" (an image becomes an INFO note;
 * under a credential name it is still a credential in plain text, since the deployment writes the real one there).
 * {@code Ref AWS::NoValue} removes the property, as CloudFormation does. Never throws.
 */
final class Intrinsics {

  /** The longest name quoted inside a placeholder. */
  private static final int MAX_LABEL = 80;

  private final JsonNode mappings;

  Intrinsics(JsonNode template) {
    this.mappings = template.path("Mappings");
  }

  /** An object of one member named {@code Ref}, {@code Condition} or {@code Fn::…}. */
  static boolean isIntrinsic(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      return false;
    }
    String name = node.fieldNames().next();
    return name.equals("Ref") || name.equals("Condition") || name.startsWith("Fn::");
  }

  /**
   * The value of an intrinsic: a literal node when the template decides it, null for {@code AWS::NoValue}, else an
   * unknown placeholder text.
   */
  JsonNode resolve(JsonNode intrinsic) {
    Map.Entry<String, JsonNode> call = intrinsic.fields().next();
    JsonNode argument = call.getValue();
    return switch (call.getKey()) {
      case "Ref" -> ref(argument);
      case "Fn::Sub" -> sub(argument);
      case "Fn::Join" -> join(argument);
      case "Fn::Select" -> select(argument);
      case "Fn::FindInMap" -> findInMap(argument);
      case "Fn::GetAtt" -> unknown(getAttName(argument));
      case "Fn::ImportValue" -> unknown("ImportValue " + text(argument));
      case "Fn::If" -> unknown("Fn::If " + text(argument.path(0)));
      default -> unknown(call.getKey());
    };
  }

  /** A scalar's text: intrinsics resolved, anything unknown or not a scalar as a placeholder. */
  String text(JsonNode node) {
    JsonNode value = isIntrinsic(node) ? resolve(node) : node;
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : placeholder(value.isArray() ? "list" : "object");
  }

  private JsonNode ref(JsonNode argument) {
    String name = argument.isTextual() ? argument.asText() : "Ref";
    return name.equals("AWS::NoValue") ? null : unknown(name);
  }

  /** The template text, its {@code ${Name}} variables left as placeholders (a literal template is known). */
  private JsonNode sub(JsonNode argument) {
    JsonNode template = argument.isArray() ? argument.path(0) : argument;
    return template.isTextual() ? TextNode.valueOf(template.asText()) : unknown("Fn::Sub");
  }

  private JsonNode join(JsonNode argument) {
    JsonNode parts = argument.path(1);
    if (!argument.path(0).isTextual() || !parts.isArray()) {
      return unknown("Fn::Join");
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      joined.append(i == 0 ? "" : argument.path(0).asText()).append(text(parts.get(i)));
    }
    return TextNode.valueOf(joined.toString());
  }

  private JsonNode select(JsonNode argument) {
    JsonNode list = argument.path(1);
    Integer index = literalInteger(argument.path(0));
    if (index == null || !list.isArray() || index < 0 || index >= list.size()) {
      return unknown("Fn::Select");
    }
    JsonNode chosen = list.get(index);
    return isIntrinsic(chosen) ? resolve(chosen) : chosen;
  }

  private JsonNode findInMap(JsonNode argument) {
    String map = literal(argument.path(0));
    String first = literal(argument.path(1));
    String second = literal(argument.path(2));
    JsonNode found = map == null || first == null || second == null
        ? null : mappings.path(map).path(first).get(second);
    if (found == null) {
      return unknown("Fn::FindInMap " + (map == null ? "" : map));
    }
    return isIntrinsic(found) ? resolve(found) : found;
  }

  private String getAttName(JsonNode argument) {
    if (argument.isArray()) {
      return text(argument.path(0)) + "." + text(argument.path(1));
    }
    return argument.isTextual() ? argument.asText() : "Fn::GetAtt";
  }

  /** A literal string argument (not an intrinsic), or null. */
  private static String literal(JsonNode node) {
    return node.isTextual() || node.isNumber() ? node.asText() : null;
  }

  private static Integer literalInteger(JsonNode node) {
    String text = literal(node);
    try {
      return text == null ? null : Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode unknown(String label) {
    return TextNode.valueOf(placeholder(label));
  }

  /**
   * {@code ${Label}}: the shape of a CloudFormation variable, so {@code Fn::Sub} text and resolved references read
   * alike. Braces and dollars are dropped from the label, so the placeholder is one whole {@code ${…}}.
   */
  static String placeholder(String label) {
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < label.length() && clean.length() < MAX_LABEL; i++) {
      char c = label.charAt(i);
      if (c >= ' ' && c != '{' && c != '}' && c != '$' && c != 0x7F) {
        clean.append(c);
      }
    }
    return "${" + (clean.length() == 0 ? "unknown" : clean.toString().strip()) + "}";
  }

  static JsonNode unknownNode(String label) {
    return JsonNodeFactory.instance.textNode(placeholder(label));
  }
}
