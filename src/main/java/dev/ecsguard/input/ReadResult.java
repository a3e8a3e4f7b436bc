package dev.ecsguard.input;

import java.util.List;

/**
 * What one input holds: the definitions to lint, notes (nothing to lint here, a value known only after apply)
 * and problems (a resource that cannot be read: reported, exit 2, the rest still linted). Every note and problem is
 * one line that names the file and, where there is one, the resource.
 */
public record ReadResult(List<FoundDefinition> definitions, List<String> notes, List<String> problems) {

  public ReadResult {
    definitions = List.copyOf(definitions);
    notes = List.copyOf(notes);
    problems = List.copyOf(problems);
  }

  static ReadResult of(List<FoundDefinition> definitions) {
    return new ReadResult(definitions, List.of(), List.of());
  }
}
