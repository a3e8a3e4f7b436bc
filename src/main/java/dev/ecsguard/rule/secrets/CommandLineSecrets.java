package dev.ecsguard.rule.secrets;

import dev.ecsguard.secrets.SecretDetector;
import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in an argument vector ({@code command}, {@code entryPoint}), exec form
 * ({@code ["app", "--api-key", "…"]}) or shell form ({@code ["sh", "-c", "app --api-key …"]}) alike. Each element
 * is read as free text ({@link SecretDetector#inText}: formats, URL passwords, {@code NAME=value},
 * {@code Authorization:} headers) and, as a weak last resort, as one token (entropy). Then the words of all
 * elements are read in order for what only the sequence shows: a credential-named flag followed by a literal
 * ({@code --password hunter2}), MySQL's glued {@code -p<password>} and curl's {@code -u user:password}.
 * Deliberately not flagged: {@code -p 8080} and other short flags, {@code --password-file /run/secrets/x} (a
 * path), {@code --password-stdin}, {@code $VAR} and {@code $(cat …)} (references).
 */
final class CommandLineSecrets {

  /** Where a credential sits and how it was recognized; {@code what} says it for the message, or null. */
  record Hit(int element, Detection detection, String what) {}

  private static final Pattern FLAG = Pattern.compile("--?([A-Za-z][\\w.-]*)");
  private static final Pattern MYSQL_PASSWORD = Pattern.compile("-p(.+)");
  private static final Set<String> MYSQL_CLIENTS = Set.of(
      "mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck", "mysqlshow", "mariadb", "mariadb-dump",
      "mariadb-admin");
  private static final Detection MYSQL = new Detection("mysql-password-option", "a MySQL -p password", Strength.STRONG);
  private static final Detection CURL = new Detection("curl-auth-user", "a curl user:password", Strength.STRONG);

  private CommandLineSecrets() {}

  /** One word of the command line and the element it came from. */
  private record Word(int element, String text) {}

  /** At most one hit per element, in element order; a strong detection replaces a weak one. */
  static List<Hit> scan(SecretScan scan, List<String> elements) {
    if (elements.isEmpty()) {
      return List.of(); // most containers have no entryPoint, many no command: nothing to set up for them
    }
    Map<Integer, Hit> hits = new TreeMap<>();
    for (int j = 0; j < elements.size(); j++) {
      String element = elements.get(j);
      Optional<Detection> inText = scan.inText(element);
      if (inText.isPresent()) {
        record(hits, new Hit(j, inText.get(), null));
        continue;
      }
      Optional<Detection> weak = scan.value("", element).filter(d -> d.strength() == Strength.WEAK);
      if (weak.isPresent()) {
        record(hits, new Hit(j, weak.get(), null));
      }
    }
    List<Word> words = words(elements);
    boolean mysql = false;
    boolean curl = false;
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      String program = program(word.text());
      mysql |= MYSQL_CLIENTS.contains(program);
      curl |= program.equals("curl");
      Matcher glued = mysql ? MYSQL_PASSWORD.matcher(word.text()) : null;
      if (glued != null && glued.matches()) {
        if (SecretDetector.isLiteralInText(glued.group(1))) {
          record(hits, new Hit(word.element(), MYSQL, "a password glued to -p for a MySQL client"));
        }
        continue;
      }
      Word next = i + 1 < words.size() ? words.get(i + 1) : null;
      if (next == null || next.text().startsWith("-")) {
        continue;
      }
      if (curl && (word.text().equals("-u") || word.text().equals("--user")) && hasLiteralPassword(next.text())) {
        record(hits, new Hit(next.element(), CURL, "a user:password for curl -u"));
        continue;
      }
      // The flag itself is never quoted in a message: a value may be glued to it (-pS3cret).
      if (!word.text().startsWith("-")) {
        continue; // not a flag: FLAG needs the dash
      }
      Matcher flag = FLAG.matcher(word.text());
      if (flag.matches() && !takesNoValue(flag.group(1)) && SecretDetector.isLiteralInText(next.text())) {
        SecretDetector.configKey(flag.group(1)).ifPresent(named ->
            record(hits, new Hit(next.element(), named, "a literal value after a credential-named flag")));
      }
    }
    return List.copyOf(hits.values());
  }

  private static void record(Map<Integer, Hit> hits, Hit hit) {
    Hit existing = hits.get(hit.element());
    if (existing == null
        || existing.detection().strength() == Strength.WEAK && hit.detection().strength() == Strength.STRONG) {
      hits.put(hit.element(), hit);
    }
  }

  // Compiled once: String.split and replaceAll would compile these for every word of every command.
  private static final Pattern STRAY_QUOTE = Pattern.compile("^[\"']|[\"';]$");

  /** The blank-separated words of every element, quotes around a word removed. */
  private static List<Word> words(List<String> elements) {
    List<Word> words = new ArrayList<>();
    for (int j = 0; j < elements.size(); j++) {
      String element = elements.get(j);
      if (element == null) {
        continue;
      }
      // element.trim().split("\\s+"), without the regex: the runs of non-blanks.
      String trimmed = element.trim();
      int start = -1;
      for (int i = 0; i <= trimmed.length(); i++) {
        boolean blank = i == trimmed.length() || isBlank(trimmed.charAt(i));
        if (blank && start >= 0) {
          String word = unquote(trimmed.substring(start, i));
          if (!word.isEmpty()) {
            words.add(new Word(j, word));
          }
          start = -1;
        } else if (!blank && start < 0) {
          start = i;
        }
      }
    }
    return words;
  }

  private static String unquote(String text) {
    String t = text;
    while (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
      t = t.substring(1, t.length() - 1);
    }
    if (!t.isEmpty() && isLineTerminator(t.charAt(t.length() - 1))) {
      return STRAY_QUOTE.matcher(t).replaceAll(""); // '$' also matches before a final line terminator
    }
    // STRAY_QUOTE's two matches, without the regex: a leading quote, and a trailing quote or ';' after it.
    int start = !t.isEmpty() && (t.charAt(0) == '"' || t.charAt(0) == '\'') ? 1 : 0;
    int end = t.length();
    if (end - 1 >= start && "\"';".indexOf(t.charAt(end - 1)) >= 0) {
      end--;
    }
    return start == 0 && end == t.length() ? t : t.substring(start, end);
  }

  /** {@code \\s}: what separates words. */
  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Line terminators that {@code $} may stand before (\\n and \\r never reach a word). */
  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** {@code --password-stdin} reads the credential from standard input: the next word is something else. */
  private static boolean takesNoValue(String flag) {
    return flag.toLowerCase(Locale.ROOT).endsWith("stdin");
  }

  /** {@code /usr/bin/mysql} is {@code mysql}. */
  private static String program(String word) {
    int slash = word.lastIndexOf('/');
    return slash >= 0 ? word.substring(slash + 1) : word;
  }

  /**
   * {@code user:password} with a literal password (not {@code user:$PASS}, not {@code user:}); the password may be
   * quoted on its own ({@code user:"$PASS"}), as shells allow.
   */
  private static boolean hasLiteralPassword(String credentials) {
    int colon = credentials.indexOf(':');
    return colon > 0 && SecretDetector.isLiteralInText(unquote(credentials.substring(colon + 1)));
  }
}
