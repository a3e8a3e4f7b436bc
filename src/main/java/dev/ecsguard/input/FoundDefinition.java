package dev.ecsguard.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.notify.LintedDefinition.SourceLines;
import java.util.Objects;

/**
 * One task definition found in an input, in the API's shape, ready for {@code TaskDefinitions.fromJson}.
 *
 * @param file the file as the user named it ({@code "-"} for standard input)
 * @param resource the CloudFormation logical id or Terraform address, or null for a file that is a definition
 * @param definition the task definition in the API's field names (unknown values as {@code ${…}} placeholders)
 * @param lines where its fields sit in the file
 */
public record FoundDefinition(String file, String resource, JsonNode definition, SourceLines lines) {

  public FoundDefinition {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(lines, "lines");
  }

  /** {@code file (resource)}, or the file alone: how messages name it. */
  public String displayName() {
    String name = file.equals("-") ? "stdin" : file;
    return resource == null ? name : name + " (" + resource + ")";
  }
}
