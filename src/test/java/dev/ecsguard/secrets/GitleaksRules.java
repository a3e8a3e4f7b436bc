package dev.ecsguard.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gitleaks' rules ({@code bench/secrets/gitleaks.toml}, copied from gitleaks) applied to one file's text the way
 * gitleaks' detector applies them ({@code detect/detect.go}, {@code detectRule}): a rule runs when one of its keywords
 * occurs in the text (lower case); every match of its regex is a candidate, trimmed of line breaks; the secret is
 * the rule's {@code secretGroup}, or else the first non-empty group of the regex matched again on the candidate; a
 * rule with an entropy threshold drops secrets at or below it; then the global allowlist and the rule's allowlists
 * drop it when their regexes match the secret (or the match, or the line, as {@code regexTarget} says) or a stopword
 * occurs in it, all of their criteria together under {@code condition = "AND"}. Paths are matched against the file's
 * name. Go's regex syntax is rewritten where Java's differs ({@link #compile}).
 *
 * <p>Not ported: gitleaks' decoding passes (base64, hex and percent-encoded text decoded and scanned again), commit
 * allowlists (no history here) and the {@code gitleaks:allow} comment. A port, not gitleaks: figures from it say
 * what the rules find, measured the same way as ecs-guard's, and no more.
 */
final class GitleaksRules {

  /** One allowlist: what it is matched against, whether every criterion must hold, and its criteria. */
  private record Allowlist(String target, boolean all, List<Pattern> regexes, List<String> stopwords,
      List<Pattern> paths) {

    boolean allows(String secret, String match, String line, String file) {
      String text = switch (target) {
        case "match" -> match;
        case "line" -> line;
        default -> secret;
      };
      boolean regex = !text.isEmpty() && regexes.stream().anyMatch(p -> p.matcher(text).find());
      String lower = secret.toLowerCase(Locale.ROOT);
      boolean stopword = !secret.isEmpty() && stopwords.stream().anyMatch(lower::contains);
      if (!all) {
        return regex || stopword;
      }
      List<Boolean> checks = new ArrayList<>();
      if (!paths.isEmpty()) {
        checks.add(paths.stream().anyMatch(p -> p.matcher(file).find()));
      }
      if (!regexes.isEmpty()) {
        checks.add(regex);
      }
      if (!stopwords.isEmpty()) {
        checks.add(stopword);
      }
      return !checks.isEmpty() && !checks.contains(false);
    }
  }

  private record Rule(String id, Pattern regex, Pattern path, int secretGroup, double entropy, List<String> keywords,
      List<Allowlist> allowlists) {}

  private final List<Rule> rules;
  private final List<Allowlist> global;

  private GitleaksRules(List<Rule> rules, List<Allowlist> global) {
    this.rules = rules;
    this.global = global;
  }

  /** How many rules have a regex (the others are path-only rules). */
  int size() {
    return rules.size();
  }

  static GitleaksRules load(Path file) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gitleaks rules from " + file, e);
    }
    List<Rule> rules = new ArrayList<>();
    for (JsonNode rule : root.path("rules")) {
      if (!rule.hasNonNull("regex")) {
        continue; // a path-only rule (a .p12 file exists): nothing to find in a file's text
      }
      List<Allowlist> allowlists = new ArrayList<>();
      rule.path("allowlists").forEach(a -> allowlists.add(allowlist(a)));
      if (rule.has("allowlist")) {
        allowlists.add(allowlist(rule.get("allowlist")));
      }
      List<String> keywords = new ArrayList<>();
      rule.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
      rules.add(new Rule(rule.path("id").asText(), compile(rule.get("regex").asText()),
          rule.has("path") ? compile(rule.get("path").asText()) : null, rule.path("secretGroup").asInt(0),
          rule.path("entropy").asDouble(0), keywords, allowlists));
    }
    List<Allowlist> global = root.has("allowlist") ? List.of(allowlist(root.get("allowlist"))) : List.of();
    return new GitleaksRules(List.copyOf(rules), global);
  }

  private static Allowlist allowlist(JsonNode node) {
    List<Pattern> regexes = new ArrayList<>();
    node.path("regexes").forEach(r -> regexes.add(compile(r.asText())));
    List<Pattern> paths = new ArrayList<>();
    node.path("paths").forEach(p -> paths.add(compile(p.asText())));
    List<String> stopwords = new ArrayList<>();
    node.path("stopwords").forEach(w -> stopwords.add(w.asText().toLowerCase(Locale.ROOT)));
    return new Allowlist(node.path("regexTarget").asText("secret"),
        node.path("condition").asText("OR").equalsIgnoreCase("AND"), regexes, stopwords, paths);
  }

  /**
   * A Go (RE2) regex as Java reads it: the POSIX classes gitleaks uses are spelled differently, and RE2 reads a
   * {@code {} that starts no repetition ({@code {{[^}]+}}}) as itself, where Java needs it escaped.
   */
  static Pattern compile(String goRegex) {
    String posix = goRegex.replace("[:alnum:]", "\\p{Alnum}").replace("[:alpha:]", "\\p{Alpha}")
        .replace("[:digit:]", "\\p{Digit}").replace("[:upper:]", "\\p{Upper}").replace("[:lower:]", "\\p{Lower}");
    // (?P<key_ops>…): Java spells named groups (?<…>, with letters and digits only.
    posix = GROUP_NAME.matcher(posix).replaceAll(m -> "(?<" + m.group(1).replace("_", "") + ">");
    StringBuilder java = new StringBuilder(posix.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < posix.length(); i++) {
      char c = posix.charAt(i);
      if (c == '\\' && i + 1 < posix.length()) {
        java.append(c).append(posix.charAt(++i));
        continue;
      }
      if (c == '[' && !inClass) {
        inClass = true;
      } else if (c == ']' && inClass && java.charAt(java.length() - 1) != '[') {
        inClass = false;
      }
      boolean literalBrace = c == '{' && !inClass && !REPETITION.matcher(posix).region(i, posix.length()).lookingAt();
      java.append(literalBrace ? "\\{" : String.valueOf(c));
    }
    return Pattern.compile(java.toString());
  }

  private static final Pattern REPETITION = Pattern.compile("\\{\\d+(?:,\\d*)?}");
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?P<(\\w+)>");

  /** The ids of the rules that report a secret in the text of the named file; empty when none does. */
  Set<String> find(String file, String text) {
    Set<String> found = new TreeSet<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (!rule.keywords().isEmpty() && rule.keywords().stream().noneMatch(lower::contains)) {
        continue;
      }
      if (rule.path() != null && !rule.path().matcher(file).find()) {
        continue;
      }
      Matcher candidates = rule.regex().matcher(text);
      while (candidates.find()) {
        String lines = linesAround(text, candidates.start(), candidates.end());
        if (reports(rule, trimLineBreaks(candidates.group()), lines, file)) {
          found.add(rule.id());
          break;
        }
      }
    }
    return found;
  }

  private boolean reports(Rule rule, String match, String line, String file) {
    String secret = match;
    Matcher groups = rule.regex().matcher(match);
    if (groups.find() && groups.groupCount() >= 1) {
      if (rule.secretGroup() > 0) {
        secret = groups.group(rule.secretGroup());
      } else {
        for (int g = 1; g <= groups.groupCount(); g++) {
          if (groups.group(g) != null && !groups.group(g).isEmpty()) {
            secret = groups.group(g);
            break;
          }
        }
      }
    }
    if (secret == null || rule.entropy() != 0 && entropy(secret) <= rule.entropy()) {
      return false;
    }
    String finalSecret = secret;
    return global.stream().noneMatch(a -> a.allows(finalSecret, match, line, file))
        && rule.allowlists().stream().noneMatch(a -> a.allows(finalSecret, match, line, file));
  }

  private static String trimLineBreaks(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '\n') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '\n') {
      end--;
    }
    return text.substring(start, end);
  }

  /** The whole lines the match is on, as gitleaks' {@code Finding.Line}. */
  private static String linesAround(String text, int from, int to) {
    int start = from == 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
    int end = text.indexOf('\n', Math.max(from, to - 1));
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** gitleaks' Shannon entropy: bits per character, over the characters of the secret. */
  private static double entropy(String secret) {
    return SecretDetector.shannonEntropy(secret);
  }
}
