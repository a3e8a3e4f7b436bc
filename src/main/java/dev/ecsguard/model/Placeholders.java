package dev.ecsguard.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Unresolved template placeholders: the parts of a task definition file that a pipeline fills in before registering
 * it. One policy for every rule: in a file, a placeholder is not a value to judge (an image rule must not read
 * {@code <IMAGE1_NAME>} as a Docker Hub image without a tag); in a registered revision it is a value that was never
 * filled in; under a credential name it is still a credential in plain text, since the pipeline writes the real one
 * there.
 *
 * <p>What real pipelines write, from public task definition templates:
 *
 * <ul>
 *   <li>syntax: {@code <IMAGE1_NAME>} (CodePipeline's ECS blue/green action, any angle-bracketed text),
 *       {@code {{demo-app-image}}} (Jinja, Mustache, Helm, CloudFormation's {@code {{resolve:…}}}),
 *       {@code ${IMAGE}} (shell, envsubst, Terraform templatefile, CloudFormation Fn::Sub), {@code $IMAGE_URI},
 *       {@code #{Image}} (Octopus, Azure DevOps replace tokens), {@code __IMAGE_URI__}, {@code %IMAGE%},
 *       {@code @IMAGE@} (Maven and Gradle filtering, autoconf), {@code $$$TOKEN$$$};
 *   <li>marker words in capitals, anywhere: {@code REPLACE_ME}, {@code REPLACED_BY_CI}, {@code REPLACE_IMAGE_URI},
 *       {@code TO_BE_REPLACED_BY_SPINNAKER}, {@code YOUR_ACCOUNT_ID}, {@code CHANGE_ME}, {@code PLACEHOLDER},
 *       {@code ACCOUNT_ID} (in {@code arn:aws:iam::ACCOUNT_ID:role/…}), {@code TODO}, {@code TBD}, {@code FIXME}, and
 *       a masked value of six or more {@code X} ({@code arn:aws:iam::XXXXXXXXXXXX:role/…});
 *   <li>in any case: {@code your-repository} or {@code your_api_key} as a word of the value, and a whole value
 *       that is only {@code changeme}, {@code replace-me}, {@code placeholder}, {@code todo}, {@code tbd} or
 *       {@code fixme}.
 * </ul>
 *
 * Marker words are matched in capitals only, so {@code acme/todo-api:1.2} is an image, not a placeholder.
 */
public final class Placeholders {

  private Placeholders() {}

  /** The template syntaxes: each starts with one of {@code < { $ # % @} or {@code __}. */
  private static final Pattern SYNTAX = Pattern.compile(
      "<[^<>]+>"
          + "|\\{\\{.*?}}"
          + "|\\$\\{[^}]*}"
          + "|\\$[A-Z_][A-Z0-9_]*(?![a-z])"
          + "|#\\{[^}]*}"
          + "|__[A-Za-z][A-Za-z0-9_]*__"
          + "|%[A-Za-z_][A-Za-z0-9_]*%"
          + "|@[A-Z_][A-Z0-9_]*@"
          + "|\\$\\$\\$[^$]+\\$\\$\\$",
      Pattern.DOTALL);

  /** Marker words, in capitals, as a whole word of the value (underscores join a word). */
  private static final Pattern MARKER = Pattern.compile(
      "(?<![A-Za-z0-9_])(?:"
          + "REPLACED?(?:_[A-Z0-9]+)*|REPLACEME|CHANGE_?ME|TO_BE_[A-Z0-9_]+|YOUR_[A-Z0-9_]+"
          + "|(?:[A-Z0-9]+_)*PLACEHOLDER(?:_[A-Z0-9]+)*|(?:[A-Z0-9]+_)*ACCOUNT_?ID|TODO|TBD|FIXME"
          // A masked value, as documentation writes an account: arn:aws:iam::XXXXXXXXXXXX:role/…
          + "|X{6,}"
          + ")(?![A-Za-z0-9_])");

  /** "your-…" or "your_…" as a word of the value, in any case: {@code your-repository}, {@code <your_key>}. */
  private static final Pattern YOUR = Pattern.compile("(?<![A-Za-z0-9])(?i:your)[-_][A-Za-z0-9]");

  /** Whole values that only say "fill me in", compared in lower case without separators. */
  private static final Set<String> FILL_ME_WORDS =
      Set.of("changeme", "replaceme", "placeholder", "todo", "tbd", "fixme");
  private static final Pattern SEPARATORS = Pattern.compile("[-_ ]");

  /** An environment-variable-like name standing for a whole image: {@code IMAGE_URI}, {@code APP_IMAGE}. */
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");

  /** Whether the text holds an unresolved template placeholder anywhere. */
  public static boolean contains(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    String trimmed = text.trim();
    return SYNTAX.matcher(trimmed).find() || MARKER.matcher(trimmed).find() || YOUR.matcher(trimmed).find()
        || isFillMeWord(trimmed);
  }

  /**
   * Whether the text is a placeholder and nothing else: {@code ${DB_PASSWORD}}, {@code <password>},
   * {@code changeme}. A value with a placeholder inside a literal ({@code postgres://app:${PW}@db}) is not one.
   */
  public static boolean isWhole(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    String trimmed = text.trim();
    return SYNTAX.matcher(trimmed).matches() || MARKER.matcher(trimmed).matches()
        || YOUR.matcher(trimmed).lookingAt() && isOneWord(trimmed) || isFillMeWord(trimmed);
  }

  /**
   * Whether the value is a placeholder in a file being linted, which the pipeline fills in before registering it:
   * not a value to judge. In a registered revision nothing fills it in, and it is judged like any other value.
   */
  public static boolean inTemplate(Subject subject, String value) {
    return subject.fromFile() && contains(value);
  }

  /**
   * Whether an image reference is not filled in: it {@linkplain #contains contains} a placeholder, or it is a
   * variable's name in capitals ({@code IMAGE_URI}), which no registry accepts (repository names are lower case).
   */
  public static boolean inImage(String image) {
    if (contains(image)) {
      return true;
    }
    return image != null && VARIABLE_NAME.matcher(image.trim()).matches();
  }

  /** One of {@link #FILL_ME_WORDS}, in any case, with a few dashes, underscores or spaces: {@code Change-Me}. */
  private static boolean isFillMeWord(String text) {
    return text.length() <= 12
        && FILL_ME_WORDS.contains(SEPARATORS.matcher(text).replaceAll("").toLowerCase(Locale.ROOT));
  }

  /** Letters, digits, dashes and underscores only: {@code your-api-key}, not {@code your-app/web:1.0}. */
  private static boolean isOneWord(String text) {
    return text.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
  }
}
