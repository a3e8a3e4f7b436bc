package dev.ecsguard.policy;

import java.util.regex.Pattern;

/**
 * A principal ARN pattern of the tag-exemption allowlist, matched like IAM's {@code ArnLike}: {@code *} is any
 * run of characters and {@code ?} one character, both within one colon-separated part of the ARN, so that
 * {@code arn:aws:sts::123456789012:assumed-role/platform-admin/*} matches every session of that role and
 * nothing in another account.
 */
public record PrincipalPattern(String text, Pattern regex) {

  /** @throws IllegalArgumentException when the text is not an ARN pattern */
  public static PrincipalPattern of(String text) {
    if (text == null || !text.startsWith("arn:") || text.split(":", -1).length < 6) {
      throw new IllegalArgumentException("'" + text + "' is not a principal ARN pattern (arn:partition:service::account:...)");
    }
    StringBuilder regex = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '*' -> regex.append("[^:]*");
        case '?' -> regex.append("[^:]");
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new PrincipalPattern(text, Pattern.compile(regex.toString()));
  }

  public boolean matches(String principalArn) {
    return principalArn != null && regex.matcher(principalArn).matches();
  }
}
