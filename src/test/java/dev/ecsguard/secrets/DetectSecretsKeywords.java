package dev.ecsguard.secrets;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * detect-secrets' KeywordDetector (detect-secrets 1.5.0, {@code detect_secrets/plugins/keyword.py}, Apache License
 * 2.0, Copyright Yelp), its keyword denylist and the four regexes it uses for configuration files
 * ({@code .properties}, {@code .ini}, {@code .conf}, {@code .yaml}, {@code .toml}: {@code key = value},
 * {@code key: value}), with the default filters that judge a single secret or its line: sequential strings, UUIDs,
 * {@code *_id} names, templates ({@code {x}}, {@code <x>}, {@code ${x}}), a leading {@code $}, indirect references
 * ({@code x = f(y)}) and secrets without a letter. An environment file ({@code .env}) falls to its quotes-required
 * regexes, which find no unquoted value: the configuration reading is the fair one for {@code NAME=value}.
 *
 * <p>A port for measuring, not detect-secrets: the other plugins (AWS keys, entropy, vendor formats) are left out,
 * as are the optional word-list and gibberish filters. Python's Unicode {@code \\w}, {@code \\s} and case folding are
 * kept; Python's {@code \\v} is only the vertical tab.
 */
final class DetectSecretsKeywords {

  private DetectSecretsKeywords() {}

  private static final String DENYLIST = String.join("|", List.of(
      "api_?key", "auth_?key", "service_?key", "account_?key", "db_?key", "database_?key", "priv_?key",
      "private_?key", "client_?key", "db_?pass", "database_?pass", "key_?pass", "password", "passwd", "pwd",
      "secret", "contraseña", "contrasena"));
  private static final String DENYLIST_REGEX = "(" + DENYLIST + ")\\w*";
  private static final String DENYLIST_REGEX_WITH_PREFIX = "\\w*(" + DENYLIST + ")";
  private static final String CLOSING = "[\\]'\"]{0,2}";
  private static final String QUOTE = "['\"`]";
  private static final String WHITESPACE = "\\s*";
  private static final String NON_WHITESPACE = "[^\\s]{0,50}?";
  private static final String SECRET = "(?=[^\\x0B'\"]*)(?=\\w+)[^\\x0B'\"]*[^\\x0B,'\"`]";

  private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;
  private static final int IGNORE_CASE = UNICODE | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** {@code CONFIG_DENYLIST_REGEX_TO_GROUP}: each regex with the group that holds the secret. */
  private static final Map<Pattern, Integer> CONFIG_REGEXES = Map.of(
      // api_key: foo
      Pattern.compile(DENYLIST_REGEX + "(" + CLOSING + ")?:" + WHITESPACE + "(" + QUOTE + "?)(" + SECRET + ")(\\3)",
          IGNORE_CASE), 4,
      // "bar" == my_password
      Pattern.compile("(" + QUOTE + ")(" + SECRET + ")(\\1)" + WHITESPACE + "[!=]{2,3}" + WHITESPACE
          + DENYLIST_REGEX_WITH_PREFIX, UNICODE), 2,
      // my_password = bar
      Pattern.compile(DENYLIST_REGEX + "(" + CLOSING + ")?" + WHITESPACE + "(={1,3}|!==?)" + WHITESPACE + "("
          + QUOTE + "?)(" + SECRET + ")(\\4)", IGNORE_CASE), 5,
      // private_key "something";
      Pattern.compile(DENYLIST_REGEX + NON_WHITESPACE + WHITESPACE + "(" + QUOTE + ")(" + SECRET + ")(\\2);",
          IGNORE_CASE), 3);

  private static final Pattern UUID =
      Pattern.compile("[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", Pattern.CASE_INSENSITIVE);
  private static final Pattern ID_NAME = Pattern.compile("(^(id|myid|userid)|_id)s?[^a-z0-9]", Pattern.CASE_INSENSITIVE);
  private static final Pattern INDIRECT_REFERENCE =
      Pattern.compile("([^\\x0B=!:]*)\\s*(:=?|[!=]{1,3})\\s*([\\w.-]+[\\[(][^\\x0B]*[\\])])");
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final List<String> SEQUENCES = List.of(
      UPPER + UPPER + DIGITS + "+/", DIGITS + UPPER + UPPER + "+/", (DIGITS + UPPER).repeat(2), DIGITS.repeat(2),
      (DIGITS + "ABCDEF" + "ABCDEF").repeat(2), UPPER + "=/");

  /** Whether the keyword detector reports a secret on any line of the text. */
  static boolean finds(String text) {
    for (String line : text.split("\n", -1)) {
      if (findsOnLine(line)) {
        return true;
      }
    }
    return false;
  }

  private static boolean findsOnLine(String line) {
    if (line.length() <= 1000 && INDIRECT_REFERENCE.matcher(line).find()) {
      return false;
    }
    for (Map.Entry<Pattern, Integer> regex : CONFIG_REGEXES.entrySet()) {
      Matcher match = regex.getKey().matcher(line);
      if (match.find() && !filtered(match.group(regex.getValue()), line)) {
        return true;
      }
    }
    return false;
  }

  /** detect-secrets' default filters on one secret. */
  private static boolean filtered(String secret, String line) {
    String upper = secret.toUpperCase(java.util.Locale.ROOT);
    if (SEQUENCES.stream().anyMatch(sequence -> sequence.contains(upper))) {
      return true;
    }
    if (UUID.matcher(secret).find()) {
      return true;
    }
    int at = line.indexOf(secret);
    if (at >= 0 && ID_NAME.matcher(line).region(0, at).find()) {
      return true;
    }
    // Python's IndexError: an empty secret, or "$" alone, counts as templated.
    if (secret.isEmpty() || secret.equals("$") || secret.startsWith("{") && secret.endsWith("}")
        || secret.startsWith("<") && secret.endsWith(">") || secret.startsWith("${") && secret.endsWith("}")) {
      return true;
    }
    return secret.startsWith("$") || secret.chars().noneMatch(c -> c < 128 && Character.isLetter(c));
  }
}
