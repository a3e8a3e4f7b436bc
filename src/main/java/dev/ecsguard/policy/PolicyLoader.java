package dev.ecsguard.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads policy layers and merges them: the defaults inside the jar, then the environment's mode, profile and
 * threshold, then {@code ECS_GUARD_POLICY} (a file or an inline document), then the SSM parameter, then the
 * CLI's {@code --policy}. Objects merge key by key; lists and values replace.
 */
public final class PolicyLoader {

  /** YAML, which reads JSON too. */
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String DEFAULTS = "/dev/ecsguard/policy/default-policy.yaml";

  private PolicyLoader() {}

  public static JsonNode defaults() {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + DEFAULTS);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  /** The layers the environment gives, before any SSM parameter: defaults, variables, ECS_GUARD_POLICY. */
  public static JsonNode fromEnvironment(Settings settings) {
    JsonNode merged = defaults();
    ObjectNode variables = YAML.createObjectNode();
    if (settings.mode() != null) {
      variables.put("mode", settings.mode().toString());
    }
    if (settings.profile() != null) {
      variables.put("profile", settings.profile().toString());
    }
    if (settings.enforceSeverity() != null) {
      variables.putObject("enforce").put("minimumSeverity", settings.enforceSeverity().name());
    }
    merged = merge(merged, variables);
    if (settings.policy() != null) {
      merged = merge(merged, fileOrInline(settings.policy(), Settings.POLICY));
    }
    return merged;
  }

  /** {@code ECS_GUARD_POLICY}: the path of a file when one exists there, else a document itself. */
  static JsonNode fileOrInline(String value, String source) {
    String trimmed = value.trim();
    boolean looksInline = trimmed.startsWith("{") || trimmed.contains("\n") || trimmed.contains(": ");
    if (!looksInline) {
      Path file = Path.of(trimmed);
      if (!Files.isRegularFile(file)) {
        throw new InvalidPolicyException("", source + " names no file: " + trimmed);
      }
      return file(file);
    }
    return parse(trimmed, source + " (inline)");
  }

  public static JsonNode file(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new InvalidPolicyException("", file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A YAML or JSON document; an empty one is an empty layer. */
  public static JsonNode parse(String text, String source) {
    try {
      JsonNode node = YAML.readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw new InvalidPolicyException("", source + ": expected a mapping at the top level");
      }
      return node;
    } catch (JacksonException e) {
      throw new InvalidPolicyException("", source + ": not valid YAML or JSON (line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }
  }

  /** {@code overlay} on top of {@code base}: objects merge key by key, everything else replaces. */
  public static JsonNode merge(JsonNode base, JsonNode overlay) {
    if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
      return overlay.deepCopy();
    }
    ObjectNode merged = baseObject.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode existing = merged.get(field.getKey());
      merged.set(field.getKey(), existing == null ? field.getValue().deepCopy() : merge(existing, field.getValue()));
    }
    return merged;
  }
}
