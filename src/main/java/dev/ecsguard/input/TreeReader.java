package dev.ecsguard.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ecsguard.json.BoundedInput;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Parses JSON or YAML into a tree with the line of every value, by Jackson's streaming parsers (their token
 * locations). YAML's CloudFormation short forms become the long forms JSON templates write: {@code !Ref X} is
 * {@code {"Ref": "X"}}, {@code !Sub s} is {@code {"Fn::Sub": s}}, any other local tag {@code !Name v} is
 * {@code {"Fn::Name": v}}, left for {@link Intrinsics} to read as unknown. YAML scalars are kept as written (text),
 * booleans aside, so {@code 0777} or {@code 1e3} reach the rules unchanged.
 *
 * <p>Hostile input is bounded: the input's byte cap ({@link BoundedInput}), {@link Json#MAX_NESTING} levels, and
 * YAML aliases refused (never expanded, so no billion laughs); every failure is one line without the input's text.
 */
final class TreeReader {

  private static final String STANDARD_TAG = "tag:yaml.org,2002:";

  private static final YAMLFactory YAML = YAMLFactory.builder()
      .loaderOptions(loaderOptions())
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Json.MAX_NESTING)
          .maxNumberLength(Json.MAX_NUMBER_LENGTH)
          .build())
      .build();

  private final JsonParser parser;
  private final boolean yaml;
  private final Map<String, Integer> lines = new HashMap<>();

  private TreeReader(JsonParser parser, boolean yaml) {
    this.parser = parser;
    this.yaml = yaml;
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(BoundedInput.MAX_BYTES); // the byte cap, not SnakeYAML's 3 MB default
    options.setNestingDepthLimit(Json.MAX_NESTING);
    options.setMaxAliasesForCollections(0);
    options.setAllowDuplicateKeys(true); // Jackson's tree keeps the last, as JSON does
    return options;
  }

  /** Whether the content reads as JSON (its first character opens an object or array); otherwise as YAML. */
  static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (!(b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == (byte) 0xEF || b == (byte) 0xBB
          || b == (byte) 0xBF)) {
        return false;
      }
    }
    return false;
  }

  /** The document, JSON or YAML by its first character; failures name the file and the line where known. */
  static LocatedTree read(String name, byte[] bytes) throws InputException {
    boolean json = looksLikeJson(bytes);
    try (JsonParser parser = json ? Json.MAPPER.getFactory().createParser(bytes) : YAML.createParser(bytes)) {
      TreeReader reader = new TreeReader(parser, !json);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InputException("empty");
      }
      JsonNode root = reader.value(first, "");
      if (parser.nextToken() != null) {
        throw new InputException("not valid " + (json ? "JSON" : "YAML") + ": more than one document" + at(parser));
      }
      return new LocatedTree(root, reader.lines);
    } catch (InputException e) {
      throw new InputException(name + ": " + e.getMessage());
    } catch (StreamConstraintsException e) {
      throw new InputException(name + ": " + Json.describe(e));
    } catch (JacksonException e) {
      throw new InputException(name + ": not valid " + (json ? "JSON" : "YAML") + location(e));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML's own limits (and its other refusals) surface as runtime exceptions: one line, no input text.
      throw new InputException(name + ": not valid " + (json ? "JSON" : "YAML") + " or beyond the reader's limits");
    }
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 1
        ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }

  private static String at(JsonParser parser) {
    int line = parser.currentTokenLocation().getLineNr();
    return line < 1 ? "" : " (line " + line + ")";
  }

  private JsonNode value(JsonToken token, String pointer) throws IOException, InputException {
    String tag = yaml ? ((YAMLParser) parser).getTypeId() : null;
    if (yaml && ((YAMLParser) parser).isCurrentAlias()) {
      throw new InputException("a YAML alias" + at(parser) + ": aliases are not read (templates do not need them)");
    }
    JsonNode value = untagged(token, pointer);
    if (tag == null || tag.startsWith(STANDARD_TAG)) {
      return value;
    }
    String name = tag.startsWith("!") ? tag.substring(1) : tag;
    String function = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
    ObjectNode intrinsic = JsonNodeFactory.instance.objectNode();
    intrinsic.set(function, value);
    return intrinsic;
  }

  private JsonNode untagged(JsonToken token, String pointer) throws IOException, InputException {
    lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        JsonToken next;
        while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String child = LocatedTree.child(pointer, name);
          lines.put(child, parser.currentTokenLocation().getLineNr());
          object.set(name, value(parser.nextToken(), child));
        }
        expect(next, JsonToken.END_OBJECT);
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          expect(next, null);
          array.add(value(next, LocatedTree.child(pointer, array.size())));
        }
        return array;
      }
      case VALUE_STRING -> {
        return JsonNodeFactory.instance.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return yaml ? JsonNodeFactory.instance.textNode(parser.getText()) : number(token);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return JsonNodeFactory.instance.nullNode();
      }
      case VALUE_EMBEDDED_OBJECT -> {
        return Intrinsics.unknownNode("binary"); // YAML's !!binary: nothing a task definition field holds
      }
      default -> throw new InputException("unexpected " + token + at(parser));
    }
  }

  private JsonNode number(JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      return JsonNodeFactory.instance.numberNode(parser.getDecimalValue());
    }
    return switch (parser.getNumberType()) {
      case INT -> JsonNodeFactory.instance.numberNode(parser.getIntValue());
      case LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
      default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
    };
  }

  private void expect(JsonToken actual, JsonToken expected) throws InputException {
    if (actual == null || expected != null && actual != expected) {
      throw new InputException("the document ends early" + at(parser));
    }
  }
}
