package dev.ecsguard.input;

import dev.ecsguard.notify.LintedDefinition.SourceLines;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The lines of one definition's fields in its file, by pointer in the API's field names. A field the file does
 * not hold ({@code /containerDefinitions/0/user} when no user is written) is placed at its nearest written parent
 * (the container), which is where the fix goes.
 */
final class MappedLines implements SourceLines {

  private final Map<String, Integer> lines = new HashMap<>();
  private final Integer resourceLine;

  MappedLines(Integer resourceLine) {
    this.resourceLine = resourceLine;
  }

  void put(String pointer, Integer line) {
    if (line != null && line > 0) {
      lines.putIfAbsent(pointer, line);
    }
  }

  @Override
  public OptionalInt lineOf(String pointer) {
    String at = pointer;
    while (at != null && !at.isEmpty()) {
      Integer line = lines.get(at);
      if (line != null) {
        return OptionalInt.of(line);
      }
      int slash = at.lastIndexOf('/');
      at = slash <= 0 ? null : at.substring(0, slash);
    }
    return OptionalInt.empty();
  }

  @Override
  public OptionalInt resourceLine() {
    return resourceLine == null || resourceLine < 1 ? OptionalInt.empty() : OptionalInt.of(resourceLine);
  }
}
