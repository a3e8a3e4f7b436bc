package dev.ecsguard.notify;

import dev.ecsguard.rule.Finding;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One task definition that {@code lint} evaluated, with where it came from: what SARIF, JUnit and the text name a
 * finding by. A file may hold several (a CloudFormation template, a Terraform plan), each a resource of its own.
 *
 * @param file the file as the user named it ({@code "-"} for standard input)
 * @param resource the resource inside the file (a CloudFormation logical id, a Terraform address), or null for a
 *     file that is a task definition itself
 * @param lines where a field of the definition sits in the file, as far as the format tells
 * @param report what the rules found
 */
public record LintedDefinition(String file, String resource, SourceLines lines, Report report) {

  public LintedDefinition {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(report, "report");
  }

  /** The line of a finding's field in the file (1-based), or of its resource when the field has no line. */
  public OptionalInt line(Finding finding) {
    OptionalInt field = finding.field() == null ? OptionalInt.empty() : lines.lineOf(finding.field());
    return field.isPresent() ? field : lines.resourceLine();
  }

  /** Where the fields of one definition sit in its file. */
  public interface SourceLines {

    /** The line of a JSON pointer into the definition (API field names: {@code /containerDefinitions/0/user}). */
    OptionalInt lineOf(String pointer);

    /** The line where the definition itself starts. */
    OptionalInt resourceLine();

    /** A source with no line information (standard input read as a stream, a decoded string). */
    static SourceLines none() {
      return new SourceLines() {
        @Override
        public OptionalInt lineOf(String pointer) {
          return OptionalInt.empty();
        }

        @Override
        public OptionalInt resourceLine() {
          return OptionalInt.empty();
        }
      };
    }
  }
}
