package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials written into free text such as a shell command line: a known format anywhere in it, a password in a
 * URL or connection string, an {@code Authorization:} header, a credential-named header or assignment.
 */
final class CredentialsInText {

  private CredentialsInText() {}

  /**
   * The longest value in free text that is read whole; a longer bare one is judged by its first this many
   * characters, a longer quoted one is not read. Bounded so that a command of megabytes without a blank costs
   * a bounded amount per assignment in it, not the rest of the command each time.
   */
  static final int LONGEST_TEXT_VALUE = 1024;
  /** A quoted or bare value, up to the next blank or shell separator. */
  private static final String TEXT_VALUE = "(\"[^\"]{0,1024}\"|'[^']{0,1024}'|[^\\s\"';&|)]{1,1024})";
  /**
   * {@code NAME=value}, {@code --name=value}, {@code -Dname=value}, {@code ?token=value}: the name starts a word.
   * The name and its separator only: the value is read ({@link #textValueAt}) when the name is a credential's.
   */
  private static final Pattern ASSIGNMENT = Pattern.compile("(?<![\\w.-])-{0,2}([A-Za-z_][\\w.-]*)=");
  /** {@code Authorization: Bearer <credentials>}, with or without a scheme. */
  private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(?<![\\w-])(?:proxy-)?authorization\\s*:\\s*"
      + "(?:(?:bearer|basic|token|digest|apikey|sso-key)\\s+)?" + TEXT_VALUE);
  /** A header line {@code X-Api-Key: value}: the colon is followed by a blank, so URLs and ARNs never match. */
  private static final Pattern HEADER = Pattern.compile("(?<![\\w.-])([A-Za-z][\\w-]*)\\s*:[ \\t]+");
  static final Detection AUTHORIZATION_HEADER =
      new Detection("authorization-header", "an Authorization header", Strength.STRONG);

  /** See {@link SecretDetector#inText(String)}. */
  static Optional<Detection> inText(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return CredentialFormats.knownFormat(text)
        .or(() -> CredentialFormats.embeddedPassword(text))
        .or(() -> namedInText(text));
  }

  /**
   * The named part of {@link #inText(String)}: an {@code Authorization:} header with literal credentials, or a
   * credential-named assignment or header with a literal value.
   */
  static Optional<Detection> namedInText(String text) {
    // Each regex only where the text has what it needs: searched at every position, they cost most texts the most.
    if (text.toLowerCase(Locale.ROOT).contains("authorization")) {
      Matcher authorization = AUTHORIZATION.matcher(text);
      while (authorization.find()) {
        if (LiteralValues.isLiteralInText(authorization.group(1))) {
          return Optional.of(AUTHORIZATION_HEADER);
        }
      }
    }
    Optional<Detection> assigned = text.contains("=") ? namedLiteral(ASSIGNMENT.matcher(text), text) : Optional.empty();
    boolean header = text.contains(": ") || text.contains(":\t");
    return header ? assigned.or(() -> namedLiteral(HEADER.matcher(text), text)) : assigned;
  }

  /**
   * The first match whose name (group 1) is a credential name and whose value (after the match) is a literal. An
   * Authorization header was judged whole above: its first word is the scheme ({@code Bearer}), not the value.
   * The name is judged first: only a credential's name pays for reading its value. The value may hold the next
   * assignment ({@code --from-literal=password=…}): the search goes on after the name.
   */
  private static Optional<Detection> namedLiteral(Matcher matcher, String text) {
    while (matcher.find()) {
      Optional<Detection> named = CredentialNames.configKey(matcher.group(1));
      if (named.isPresent() && !named.get().detector().equals("name:keyword:authorization")
          && LiteralValues.isLiteralInText(textValueAt(text, matcher.end()))) {
        return named;
      }
    }
    return Optional.empty();
  }

  /**
   * The value at {@code at}: a quoted value with its quotes, or a bare one up to a blank or a shell separator
   * ({@code [\\s"';&|)]}), at most {@link #LONGEST_TEXT_VALUE} characters; null when there is none. A loop, not the
   * {@code TEXT_VALUE} regex: it reads up to a kilobyte for every credential-named assignment of a command, and on an
   * 8 MB command of assignments (bench/big-input.sh) the regex took 10 s of CPU where this takes under one.
   */
  static String textValueAt(String text, int at) {
    if (at >= text.length()) {
      return null;
    }
    char first = text.charAt(at);
    if (first == '"' || first == '\'') {
      // Searched within the longest value only: an unclosed quote must not cost the rest of the command each time.
      String window = text.substring(at + 1, Math.min(text.length(), at + 2 + LONGEST_TEXT_VALUE));
      int close = window.indexOf(first);
      return close < 0 ? null : text.substring(at, at + close + 2);
    }
    int limit = Math.min(text.length(), at + LONGEST_TEXT_VALUE);
    int end = at;
    while (end < limit && !endsBareValue(text.charAt(end))) {
      end++;
    }
    return end == at ? null : text.substring(at, end);
  }

  /** {@code [\\s"';&|)]}: what ends a bare value. */
  private static boolean endsBareValue(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r'
        || c == '"' || c == '\'' || c == ';' || c == '&' || c == '|' || c == ')';
  }
}
