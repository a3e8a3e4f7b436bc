package dev.ecsguard.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The planted secrets of the sample events ({@code CANARY-…}, {@code ghp_CANARY…}) and the checks that they
 * never reach an output. Assertion messages name the output and the token's position, never the output itself;
 * {@link #redact} makes captured output safe to print in a failure message.
 */
public final class Canaries {

  /** Every planted value starts with this, so its mere presence in an output is a leak. */
  public static final String MARKER = "CANARY";

  private static final Pattern VALUE = Pattern.compile("CANARY-?[A-Za-z0-9_-]*");
  private static final Pattern ANY = Pattern.compile("CANARY[^\\s\"',;}\\]]*");

  private static volatile List<String> all;

  private Canaries() {}

  /**
   * The tokens to look for: the literal marker, every planted value of the samples (from all of events/), and
   * each value's tail after the marker (a leak that dropped the prefix is still a leak).
   */
  public static List<String> tokens() {
    if (all == null) {
      all = readTokens();
    }
    return all;
  }

  private static List<String> readTokens() {
    Set<String> tokens = new LinkedHashSet<>();
    tokens.add(MARKER);
    try (var files = Files.list(Path.of("events"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        tokens.addAll(tokens(Files.readString(file)));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read events/", e);
    }
    return List.copyOf(tokens);
  }

  /** The planted values found in a JSON document (a sample event or definition). */
  public static List<String> tokens(JsonNode node) {
    List<String> found = tokens(Json.write(node));
    assertFalse(found.isEmpty(), "the sample plants canary values");
    return found;
  }

  private static List<String> tokens(String text) {
    Set<String> tokens = new LinkedHashSet<>();
    Matcher matcher = VALUE.matcher(text);
    while (matcher.find()) {
      String value = matcher.group();
      tokens.add(value);
      String tail = value.substring(MARKER.length()).replaceFirst("^-", "");
      if (tail.length() >= 8) {
        tokens.add(tail);
      }
    }
    return List.copyOf(tokens);
  }

  /** Fails, without printing the output, if any planted value occurs in it. */
  public static void assertNone(String what, String output) {
    if (output == null) {
      return;
    }
    List<String> tokens = tokens();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      int at = output.indexOf(token);
      if (at >= 0) {
        fail("a planted secret leaked into " + what + " (token #" + i + ", "
            + token.length() + " chars, at offset " + at + "; context: "
            + redact(output.substring(Math.max(0, at - 80), Math.min(output.length(), at + token.length() + 40)))
            + ")");
      }
    }
  }

  /** The output with every planted value (and anything glued to the marker) replaced, safe for messages. */
  public static String redact(String output) {
    if (output == null) {
      return null;
    }
    String redacted = ANY.matcher(output).replaceAll("<redacted>");
    for (String token : tokens()) {
      redacted = redacted.replace(token, "<redacted>");
    }
    return redacted;
  }

  /** {@link #redact}, cut to the last {@code max} characters. */
  public static String redactTail(String output, int max) {
    String redacted = redact(output);
    return redacted == null || redacted.length() <= max ? redacted : "…" + redacted.substring(redacted.length() - max);
  }
}
