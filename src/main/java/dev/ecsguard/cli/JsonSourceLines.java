package dev.ecsguard.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecsguard.json.Json;
import dev.ecsguard.notify.LintedDefinition;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The lines of a task definition JSON file, by JSON pointer: where SARIF and JUnit place a finding. A field the
 * file does not have (a missing {@code user}) is placed at its nearest ancestor that it does (the container).
 */
final class JsonSourceLines implements LintedDefinition.SourceLines {

  private final Map<String, Integer> lines;
  private final String prefix;

  private JsonSourceLines(Map<String, Integer> lines, String prefix) {
    this.lines = lines;
    this.prefix = prefix;
  }

  /**
   * @param prefix the pointer of the definition inside the file: empty for the API shape, {@code /taskDefinition}
   *     for {@code describe-task-definition} output
   * @return the lines, or none when the bytes are not JSON after all (they were parsed once already)
   */
  static LintedDefinition.SourceLines of(byte[] json, String prefix) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        JsonStreamContext context = parser.getParsingContext();
        // A value that opens an object or array has entered its own context already: its pointer is its parent's.
        String pointer = (token.isStructStart() && context.getParent() != null ? context.getParent() : context)
            .pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      return LintedDefinition.SourceLines.none();
    }
    return new JsonSourceLines(lines, prefix);
  }

  @Override
  public OptionalInt lineOf(String pointer) {
    String path = prefix + pointer;
    while (true) {
      Integer line = lines.get(path);
      if (line != null) {
        return OptionalInt.of(line);
      }
      if (path.length() <= prefix.length()) {
        return OptionalInt.empty();
      }
      path = path.substring(0, path.lastIndexOf('/'));
    }
  }

  @Override
  public OptionalInt resourceLine() {
    Integer line = lines.get(prefix);
    return line == null ? OptionalInt.empty() : OptionalInt.of(line);
  }
}
