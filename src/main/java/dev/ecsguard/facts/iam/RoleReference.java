package dev.ecsguard.facts.iam;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role as a task definition names it: an ARN ({@code arn:aws:iam::111122223333:role/path/name}, the name being
 * the last segment) or, as ECS also accepts, a bare name meaning a role of the definition's own account.
 *
 * @param partition and {@code account} are null for a bare name
 */
public record RoleReference(String partition, String account, String name) {

  private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:.*/)?([^/]+)");
  /** IAM role names: letters, digits and {@code +=,.@_-}, up to 64. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");

  /** The reference, or empty when the text is neither a role ARN nor a role name. */
  public static Optional<RoleReference> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    Matcher arn = ARN.matcher(trimmed);
    if (arn.matches()) {
      return NAME.matcher(arn.group(3)).matches()
          ? Optional.of(new RoleReference(arn.group(1), arn.group(2), arn.group(3))) : Optional.empty();
    }
    if (trimmed.startsWith("arn:")) {
      return Optional.empty();
    }
    String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return NAME.matcher(name).matches() ? Optional.of(new RoleReference(null, null, name)) : Optional.empty();
  }

  /**
   * The role whose policies were read, completed from what is known: the ARN IAM returned, else the text the
   * definition gave; a missing partition is {@code aws}, a missing account the subject's (a bare role name means
   * a role of the definition's own account).
   */
  public static RoleReference resolved(String returnedArn, String given, String subjectAccount) {
    RoleReference found = parse(returnedArn).or(() -> parse(given)).orElse(null);
    String name = found == null ? given.trim() : found.name();
    String partition = found != null && found.partition() != null ? found.partition() : "aws";
    String account = subjectAccount != null ? subjectAccount : found == null ? null : found.account();
    return new RoleReference(partition, account, name);
  }

  /** The account of a role ARN, or empty when the text is not one. */
  public static Optional<String> accountOf(String roleArn) {
    return parse(roleArn).map(RoleReference::account);
  }
}
