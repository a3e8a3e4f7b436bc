package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Credential names: whether an environment variable's or a configuration key's name says it holds a credential. The
 * lists follow Security Hub ECS.8 (exact AWS names), Trivy AVD-AWS-0036 and the detect-secrets keyword denylist,
 * minus the gitleaks-style false positives ({@code TOKEN_TYPE}, {@code *_VERSION}, {@code *_ARN},
 * {@code PASSWORD_MIN_LENGTH}…), plus the same words glued without separators ({@code S3SECRETACCESSKEY}) and the
 * keys of a table of vendors ({@link VendorKeys}); docs/secret-detection.md describes them.
 */
final class CredentialNames {

  private CredentialNames() {}

  /** Two adjacent name tokens that make a credential name (detect-secrets keyword denylist and friends). */
  private static final List<List<String>> PAIRS = List.of(
      List.of("access", "key"), List.of("api", "key"), List.of("auth", "key"), List.of("private", "key"),
      List.of("priv", "key"), List.of("client", "secret"), List.of("client", "key"), List.of("service", "key"),
      List.of("account", "key"), List.of("db", "key"), List.of("database", "key"), List.of("encryption", "key"),
      List.of("signing", "key"), List.of("master", "key"), List.of("db", "pass"), List.of("database", "pass"),
      List.of("key", "pass"), List.of("auth", "data"),
      // keys named for a cryptographic use
      List.of("jwt", "key"), List.of("hmac", "key"), List.of("aes", "key"), List.of("cipher", "key"),
      List.of("crypto", "key"), List.of("session", "key"));

  /** The same pairs written as one token ({@code APIKEY}, {@code apikey}). */
  private static final Set<String> JOINED = Set.of(
      "accesskey", "apikey", "authkey", "privatekey", "privkey", "clientsecret", "servicekey", "accountkey",
      "encryptionkey", "signingkey", "masterkey", "dbpass", "databasepass", "keypass");

  /** Whole tokens that are credential words on their own. */
  private static final Set<String> WORDS = Set.of(
      "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "tokens",
      "credential", "credentials", "creds", "contrasena", "contraseña");

  /** Words that still mean a credential when glued to a prefix: {@code DBPASSWORD}, {@code AUTHTOKEN}. */
  private static final List<String> SUFFIXES = List.of("password", "passwd", "secret", "token", "passphrase");

  /**
   * A last token that makes the name describe a credential rather than hold one: its type, version,
   * identifier, location, lifetime or policy. {@code DB_SECRET_ARN}, {@code TOKEN_TTL},
   * {@code PASSWORD_MIN_LENGTH}, {@code SECRET_NAME}, {@code JWT_TOKEN_URL}, {@code DB_PASSWORD_FILE}.
   */
  private static final Set<String> DESCRIPTORS = Set.of(
      "type", "version", "id", "ids", "arn", "name", "names", "url", "uri", "endpoint", "host", "hostname",
      "port", "path", "file", "dir", "directory", "location", "ttl", "expiry", "expiration", "expires",
      "lifetime", "timeout", "interval", "duration", "seconds", "minutes", "hours", "days", "length", "len",
      "min", "max", "size", "count", "enabled", "enable", "disabled", "required", "policy", "header", "field",
      "param", "parameter", "prefix", "suffix", "format", "algorithm", "alg", "issuer", "audience", "scope",
      "scopes", "mode", "region", "provider", "strategy", "kind", "source", "ref", "reference", "attempts",
      "retries", "rotation", "schedule", "level", "class", "method", "store", "backend", "cookie", "limit", "limits",
      "quota", "config", "configuration", "settings", "manager", "encoder", "hasher", "generator", "validator",
      "complexity", "strength");

  /**
   * Words that make a name describe a credential meant to be public ({@code STRIPE_PUBLISHABLE_KEY},
   * {@code NEXT_PUBLIC_MAPBOX_TOKEN}: Next.js ships {@code NEXT_PUBLIC_*} to browsers) or a limit on a quantity
   * when they come first ({@code MAX_TOKENS}, {@code MIN_PASSWORD_LENGTH}).
   */
  private static final Set<String> PUBLIC_QUALIFIERS = Set.of("public", "publishable");
  private static final Set<String> QUANTITY_PREFIXES = Set.of("max", "min", "num");

  /** Abbreviations that name a password only as the last token: {@code SMTP_PASS}, {@code LDAP_BIND_PW}. */
  private static final Set<String> LAST_WORDS = Set.of("pass", "pw");

  /** Names that contain a credential word by accident ({@code PWD} is the shell's working directory). */
  private static final Set<String> NOT_CREDENTIALS = Set.of("pwd", "oldpwd");

  /**
   * The words {@link #words} finds glued at the end of a token: the credential words, both halves of the pairs,
   * the joined pairs, the descriptors, the qualifiers and the vendors' longer aliases. Not {@code pass}, {@code pw}
   * or {@code pwd}, which end ordinary words (compass, bypass, cwd); a glued one stays found by the token's own
   * ending ({@link #SUFFIXES}) or by a joined pair ({@code dbpass}).
   */
  private static final Set<String> GLUED_WORDS = gluedWords();
  private static final int LONGEST_GLUED_WORD = GLUED_WORDS.stream().mapToInt(String::length).max().orElse(0);

  private static Set<String> gluedWords() {
    Set<String> words = new HashSet<>();
    PAIRS.forEach(words::addAll);
    words.addAll(JOINED);
    words.addAll(WORDS);
    words.addAll(SUFFIXES);
    words.addAll(DESCRIPTORS);
    words.addAll(PUBLIC_QUALIFIERS);
    words.addAll(QUANTITY_PREFIXES);
    words.addAll(List.of("oauth", "license"));
    words.addAll(VendorKeys.gluedAliases());
    words.removeAll(Set.of("pass", "pw", "pwd"));
    return Set.copyOf(words);
  }

  /** See {@link SecretDetector#name(String)}. */
  static Optional<Detection> name(String name) {
    return detect(name, false);
  }

  /** See {@link SecretDetector#configKey(String)}. */
  static Optional<Detection> configKey(String key) {
    return detect(key, true);
  }

  /** The exact AWS names, then the name's words; for a configuration key, then what only configuration calls so. */
  private static Optional<Detection> detect(String name, boolean configuration) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String trimmed = name.trim();
    if (SecretDetector.AWS_EXACT_NAMES.contains(trimmed.toUpperCase(Locale.ROOT))) {
      return Optional.of(new Detection(SecretDetector.AWS_EXACT, "an AWS credential name", Strength.STRONG));
    }
    List<String> words = words(trimmed);
    Optional<Detection> byWords = byWords(words);
    return configuration && byWords.isEmpty() ? configurationWord(words) : byWords;
  }

  /** A header or label ending in {@code Authorization}, New Relic's {@code licenseKey}, Elastic's {@code Cloud_Auth}. */
  private static Optional<Detection> configurationWord(List<String> words) {
    if (words.isEmpty()) {
      return Optional.empty();
    }
    int last = words.size() - 1;
    String end = words.get(last);
    String pair = last > 0 ? words.get(last - 1) + end : end;
    if (end.equals("authorization")) {
      return keyword("authorization");
    }
    if (pair.equals("licensekey")) {
      return keyword("license-key");
    }
    if (pair.equals("cloudauth")) {
      return keyword("cloud-auth");
    }
    return Optional.empty();
  }

  /** The name's {@link #words} after the exact AWS names. */
  private static Optional<Detection> byWords(List<String> tokens) {
    if (tokens.isEmpty() || NOT_CREDENTIALS.contains(String.join("", tokens))) {
      return Optional.empty();
    }
    String first = tokens.get(0);
    // Trivy AVD-AWS-0036 skips names starting with token_type or version.
    if (first.equals("version") || tokens.size() > 1 && first.equals("token") && tokens.get(1).equals("type")) {
      return Optional.empty();
    }
    if (tokens.size() > 1 && QUANTITY_PREFIXES.contains(first) || tokens.stream().anyMatch(PUBLIC_QUALIFIERS::contains)) {
      return Optional.empty();
    }
    int last = tokens.size() - 1;
    String end = tokens.get(last);
    if (end.equals("id") && (endsWith(tokens.subList(0, last), "accesskey")
        || endsWith(tokens.subList(0, last), "access", "key"))) {
      return keyword("access-key-id");
    }
    if (tokens.size() > 1 && DESCRIPTORS.contains(end)) {
      return Optional.empty();
    }
    if (LAST_WORDS.contains(end)) {
      return keyword(end);
    }
    for (int i = 0; i + 1 < tokens.size(); i++) {
      List<String> pair = tokens.subList(i, i + 2);
      if (PAIRS.contains(pair)) {
        return keyword(pair.get(0) + "-" + pair.get(1));
      }
    }
    for (String token : tokens) {
      Optional<String> word = credentialWord(token);
      if (word.isPresent()) {
        return keyword(word.get());
      }
    }
    return VendorKeys.vendorKey(tokens);
  }

  private static boolean endsWith(List<String> tokens, String... end) {
    return tokens.size() >= end.length && tokens.subList(tokens.size() - end.length, tokens.size()).equals(List.of(end));
  }

  /** The credential word a token is, starts with (password…) or ends with (…token). */
  private static Optional<String> credentialWord(String token) {
    if (JOINED.contains(token)) {
      return Optional.of(token);
    }
    if (WORDS.contains(token)) {
      return Optional.of(singular(token));
    }
    if (token.startsWith("password")) {
      return Optional.of("password");
    }
    return SUFFIXES.stream().filter(token::endsWith).findFirst();
  }

  private static Optional<Detection> keyword(String word) {
    return Optional.of(new Detection("name:keyword:" + word, "a credential name", Strength.STRONG));
  }

  private static String singular(String word) {
    return switch (word) {
      case "passwords" -> "password";
      case "secrets" -> "secret";
      case "tokens" -> "token";
      case "credentials", "creds" -> "credential";
      case "contraseña" -> "contrasena"; // detector ids stay ASCII
      default -> word;
    };
  }

  /**
   * The name's {@link NameTokens#tokens}, each also cut into the {@link #GLUED_WORDS} glued at its end, read from the
   * end, longest first: {@code S3SECRETACCESSKEY} is s3, secret, accesskey; {@code DBPASSWORD} is db, password;
   * {@code PASSWORDMINLENGTH} is password, min, length (a descriptor, so no credential); {@code OPENAIKEY} is openai,
   * key. What is left when no known word ends it stays one token: {@code KEYBOARD} and {@code TOKENIZER} are not
   * cut, {@code MONKEY} is mon, key (and key alone is no credential). A token that is itself a known word is kept
   * whole ({@code apikey}, {@code clientsecret}), so the detector ids stay those of the joined words.
   */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    for (String token : NameTokens.tokens(name)) {
      words.addAll(gluedParts(token));
    }
    return words;
  }

  /** The token cut into glued words and what precedes them, in order (the token alone when it is not cut). */
  private static List<String> gluedParts(String token) {
    if (GLUED_WORDS.contains(token)) {
      return List.of(token);
    }
    List<String> fromTheEnd = new ArrayList<>();
    int end = token.length();
    for (int start = longestGluedWordEndingAt(token, end); start >= 0; start = longestGluedWordEndingAt(token, end)) {
      fromTheEnd.add(0, token.substring(start, end));
      end = start;
    }
    // A descriptor counts as glued only after a credential word (passwordMINlength, apikeyID), not at the end of
    // an ordinary word: admin is not ad-min, android not andro-id (API_KEY_ANDROID keeps its key).
    List<String> parts = new ArrayList<>();
    if (end > 0) {
      parts.add(token.substring(0, end));
    }
    boolean afterWord = false;
    for (String part : fromTheEnd) {
      boolean descriptor = DESCRIPTORS.contains(part) || QUANTITY_PREFIXES.contains(part);
      if (descriptor && !afterWord && !parts.isEmpty()) {
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + part);
        continue;
      }
      parts.add(part);
      afterWord |= !descriptor;
    }
    return parts;
  }

  /** Where the longest {@link #GLUED_WORDS} word ending at {@code end} starts, or -1 when none does. */
  private static int longestGluedWordEndingAt(String token, int end) {
    for (int start = Math.max(0, end - LONGEST_GLUED_WORD); start < end; start++) {
      if (GLUED_WORDS.contains(token.substring(start, end))) {
        return start;
      }
    }
    return -1;
  }
}
