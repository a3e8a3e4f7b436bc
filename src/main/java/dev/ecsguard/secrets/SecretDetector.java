package dev.ecsguard.secrets;

import dev.ecsguard.model.Placeholders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether an environment variable looks like a credential, by its name or by its value, and says
 * which detector fired. It never returns, logs or stores the value: a {@link Detection} carries a detector
 * id ({@code github-pat}, {@code url-password}, {@code name:keyword:password}) and a human description.
 *
 * <p>Pure and cheap: the patterns are compiled once; each value detector has a literal trigger that is
 * looked up with {@link String#indexOf} before any regex runs. The value formats follow the gitleaks and
 * detect-secrets rules listed in anchors-rules.md §(e) and cover those of secretlint's recommended preset;
 * {@code bench/secrets/measure.sh} measures them on the labelled corpus {@code test/secrets/corpus.tsv}. The
 * name lists follow Security Hub ECS.8 (exact AWS names), Trivy AVD-AWS-0036 and the detect-secrets keyword
 * denylist, minus the gitleaks-style false positives ({@code TOKEN_TYPE}, {@code *_VERSION}, {@code *_ARN},
 * {@code PASSWORD_MIN_LENGTH}…), plus the same words glued without separators ({@code S3SECRETACCESSKEY}) and the
 * keys of a table of vendors ({@code AMH_OPENAI_KEY}); docs/secret-detection.md describes them.
 */
public final class SecretDetector {

  /** How much a detection is worth: a known credential format, or only a statistical hint. */
  public enum Strength { STRONG, WEAK }

  /**
   * One detector that fired.
   *
   * @param detector stable id for findings and configuration, e.g. {@code github-pat}
   * @param shape what the value (or name) looks like, for a message: "a GitHub token"
   */
  public record Detection(String detector, String shape, Strength strength) {}

  private SecretDetector() {}

  // ---------------------------------------------------------------------------------------------
  // Names

  /** The exact names Security Hub ECS.8, AWS Config ecs-no-environment-secrets and CT.ECS.PR.12 reject. */
  public static final Set<String> AWS_EXACT_NAMES =
      Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA");

  /** Detector id for the exact AWS names. */
  public static final String AWS_EXACT = "name:aws-exact";

  /** Two adjacent name tokens that make a credential name (detect-secrets keyword denylist and friends). */
  private static final String[][] PAIRS = {
      {"access", "key"}, {"api", "key"}, {"auth", "key"}, {"private", "key"}, {"priv", "key"},
      {"client", "secret"}, {"client", "key"}, {"service", "key"}, {"account", "key"}, {"db", "key"},
      {"database", "key"}, {"encryption", "key"}, {"signing", "key"}, {"master", "key"},
      {"db", "pass"}, {"database", "pass"}, {"key", "pass"}, {"auth", "data"},
      // keys named for a cryptographic use
      {"jwt", "key"}, {"hmac", "key"}, {"aes", "key"}, {"cipher", "key"}, {"crypto", "key"}, {"session", "key"},
  };

  /** {@link #PAIRS} by their first token, each list in the order of {@link #PAIRS}: one lookup per token. */
  private static final Map<String, List<String[]>> PAIRS_BY_FIRST = pairsByFirst();

  private static Map<String, List<String[]>> pairsByFirst() {
    Map<String, List<String[]>> byFirst = new HashMap<>();
    for (String[] pair : PAIRS) {
      byFirst.computeIfAbsent(pair[0], first -> new ArrayList<>()).add(pair);
    }
    return Map.copyOf(byFirst);
  }

  /** The same pairs written as one token ({@code APIKEY}, {@code apikey}). */
  private static final Set<String> JOINED = Set.of(
      "accesskey", "apikey", "authkey", "privatekey", "privkey", "clientsecret", "servicekey", "accountkey",
      "encryptionkey", "signingkey", "masterkey", "dbpass", "databasepass", "keypass");

  /** Whole tokens that are credential words on their own. */
  private static final Set<String> WORDS = Set.of(
      "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "tokens",
      "credential", "credentials", "creds", "contrasena", "contraseña");

  /** Words that still mean a credential when glued to a prefix: {@code DBPASSWORD}, {@code AUTHTOKEN}. */
  private static final String[] SUFFIXES = {"password", "passwd", "secret", "token", "passphrase"};

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

  /**
   * Vendors whose "key" is a secret API key: a name that mentions one, then the word {@code KEY}, is a credential name
   * ({@code OPENAI_KEY}, {@code AMH_OPENAI_KEY}, {@code DD_APP_KEY}, {@code OPENAIKEY}), unless it also has one of the
   * vendor's words for a key meant for browsers (Algolia's search key, New Relic's browser key) or a public qualifier.
   * An alias is a name token, or two adjacent tokens joined ({@code NEW_RELIC}, {@code HuggingFace}); aliases of
   * four letters or more are also found glued to the words around them ({@link #words}). Left out on purpose: vendors
   * whose key is public by design, whose secret is named secret or token and found by those words (Pusher's app key,
   * Firebase's web key, Mapbox's {@code pk.} token, Segment's write key). Detector {@code name:vendor-key:<vendor>}.
   */
  private static final List<Vendor> VENDORS = List.of(
      // keep-sorted start
      vendor("algolia", "algolia").publicWhen("search"),
      vendor("anthropic", "anthropic", "claude"),
      vendor("cloudflare", "cloudflare"),
      vendor("cloudinary", "cloudinary"),
      vendor("cohere", "cohere"),
      vendor("datadog", "datadog", "dd"),
      vendor("deepseek", "deepseek"),
      vendor("gemini", "gemini"),
      vendor("github", "github", "gh"),
      vendor("gitlab", "gitlab"),
      vendor("groq", "groq"),
      vendor("heroku", "heroku"),
      vendor("honeycomb", "honeycomb"),
      vendor("huggingface", "huggingface", "hf"),
      vendor("mailchimp", "mailchimp", "mandrill"),
      vendor("mailgun", "mailgun"),
      vendor("mistral", "mistral"),
      vendor("newrelic", "newrelic").publicWhen("browser"),
      vendor("okta", "okta"),
      vendor("openai", "openai"),
      vendor("pagerduty", "pagerduty"),
      vendor("perplexity", "perplexity", "pplx"),
      vendor("pinecone", "pinecone"),
      vendor("postmark", "postmark"),
      vendor("replicate", "replicate"),
      vendor("sendgrid", "sendgrid"),
      vendor("sentry", "sentry"),
      vendor("slack", "slack"),
      vendor("stripe", "stripe"),
      vendor("twilio", "twilio"));
      // keep-sorted end

  /** One row of {@link #VENDORS}: its id, its names (lower case), the words that make its key public. */
  private record Vendor(String id, Set<String> aliases, Set<String> publicWords) {
    Vendor publicWhen(String... words) {
      return new Vendor(id, aliases, Set.of(words));
    }
  }

  private static Vendor vendor(String id, String... aliases) {
    return new Vendor(id, Set.of(aliases), Set.of());
  }

  /** {@link #VENDORS} by alias. */
  private static final Map<String, Vendor> VENDOR_BY_ALIAS = vendorByAlias();

  private static Map<String, Vendor> vendorByAlias() {
    Map<String, Vendor> byAlias = new HashMap<>();
    for (Vendor vendor : VENDORS) {
      vendor.aliases().forEach(alias -> byAlias.put(alias, vendor));
    }
    return Map.copyOf(byAlias);
  }

  /** Aliases this short are read only as whole tokens: glued, {@code dd} or {@code gh} ends too many words. */
  private static final int SHORTEST_GLUED_ALIAS = 4;

  /**
   * The words {@link #words} finds glued at the end of a token: the credential words, both halves of the pairs,
   * the joined pairs, the descriptors, the qualifiers and the vendors' longer aliases. Not {@code pass}, {@code pw}
   * or {@code pwd}, which end ordinary words (compass, bypass, cwd); a glued one stays found by the token's own
   * ending ({@link #SUFFIXES}) or by a joined pair ({@code dbpass}).
   */
  private static final Set<String> GLUED_WORDS = gluedWords();
  private static final int LONGEST_GLUED_WORD = GLUED_WORDS.stream().mapToInt(String::length).max().orElse(0);

  private static Set<String> gluedWords() {
    Set<String> words = new java.util.HashSet<>();
    for (String[] pair : PAIRS) {
      words.addAll(List.of(pair));
    }
    words.addAll(JOINED);
    words.addAll(WORDS);
    words.addAll(List.of(SUFFIXES));
    words.addAll(DESCRIPTORS);
    words.addAll(PUBLIC_QUALIFIERS);
    words.addAll(QUANTITY_PREFIXES);
    words.addAll(List.of("oauth", "license"));
    VENDOR_BY_ALIAS.keySet().stream().filter(alias -> alias.length() >= SHORTEST_GLUED_ALIAS).forEach(words::add);
    words.removeAll(Set.of("pass", "pw", "pwd"));
    return Set.copyOf(words);
  }

  /** Names that contain a credential word by accident ({@code PWD} is the shell's working directory). */
  private static final Set<String> NOT_CREDENTIALS = Set.of("pwd", "oldpwd");
  private static final int LONGEST_NOT_CREDENTIAL = 6;

  /**
   * Whether a name is a credential name. The exact AWS names come first ({@value #AWS_EXACT}); otherwise
   * the detector is {@code name:keyword:<word>}, e.g. {@code name:keyword:password}.
   */
  public static Optional<Detection> name(String name) {
    if (name == null || name.isBlank() || !mayBeCredentialName(name)) {
      return Optional.empty();
    }
    return nameWithoutScreen(name);
  }

  /** {@link #name(String)} without {@link #mayBeCredentialName}: for the test that keeps the screen honest. */
  static Optional<Detection> nameWithoutScreen(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String trimmed = name.trim();
    if (isAwsExactName(trimmed)) {
      return Optional.of(new Detection(AWS_EXACT, "an AWS credential name", Strength.STRONG));
    }
    return nameByTokens(words(trimmed));
  }

  /**
   * Whether {@link #name} or {@link #configKey} can find anything in this name: false only for an ASCII name whose
   * letters and digits, read in any case and across separators, hold none of the credential words. Most names
   * ({@code QUEUE_NAME}, {@code awslogs-group}) hold none, and are then answered without being split into tokens and
   * looked up word by word.
   *
   * <p>Why that is the unscreened answer: the exact AWS names hold "key" or "auth"; every keyword detection needs a
   * token, a pair of adjacent tokens or (for {@link #configKey}) the last two tokens joined, made of or ending in one
   * of {@code key} (the pairs and joined words ending in key, access-key-id, license-key, vendor keys),
   * {@code pass} (password, passwd, passphrase, pass, db-pass), {@code pw} (pw, pwd), {@code secret}, {@code token},
   * {@code cred} (credential, creds), {@code contrasena} or {@code auth} (auth-data, authorization, cloud-auth). An
   * ASCII name's tokens are its letters and digits, lower-cased, in order: a word made of tokens, of adjacent tokens
   * joined or of a token cut into its glued words ({@link #words}), is in that sequence. Outside ASCII, lower-casing may turn a character into another's letter (the Kelvin sign is
   * a k): those names are always split. {@code SecretDetectorLoopsTest} holds {@link #name} and {@link #configKey}
   * equal to their unscreened selves. A word added to the name lists must be added here.
   */
  static boolean mayBeCredentialName(String name) {
    int length = name.length();
    for (int i = 0; i < length; i++) {
      if (name.charAt(i) >= 128) {
        return true;
      }
    }
    for (int i = 0; i < length; i++) {
      char first = name.charAt(i);
      // Only the words that start with this letter, in any case: most letters, digits and separators start none.
      boolean found = switch (isAsciiUpper(first) ? (char) (first + ('a' - 'A')) : first) {
        case 'a' -> spellsSkippingSeparators(name, i, "auth");
        case 'c' -> spellsSkippingSeparators(name, i, "cred") || spellsSkippingSeparators(name, i, "contrasena");
        case 'k' -> spellsSkippingSeparators(name, i, "key");
        case 'p' -> spellsSkippingSeparators(name, i, "pass") || spellsSkippingSeparators(name, i, "pw");
        case 's' -> spellsSkippingSeparators(name, i, "secret");
        case 't' -> spellsSkippingSeparators(name, i, "token");
        default -> false;
      };
      if (found) {
        return true;
      }
    }
    return false;
  }

  /** Whether the ASCII letters and digits from {@code start} on begin with {@code word} (lower case), in any case. */
  private static boolean spellsSkippingSeparators(String name, int start, String word) {
    int at = start;
    for (int k = 0; k < word.length(); k++) {
      while (at < name.length() && !isAsciiLetterOrDigit(name.charAt(at))) {
        at++;
      }
      if (at == name.length()) {
        return false;
      }
      char c = name.charAt(at);
      if ((isAsciiUpper(c) ? (char) (c + ('a' - 'A')) : c) != word.charAt(k)) {
        return false;
      }
      at++;
    }
    return true;
  }

  /** {@link #AWS_EXACT_NAMES} in any case, as {@code toUpperCase(Locale.ROOT)} compares it. */
  private static boolean isAwsExactName(String trimmed) {
    for (int i = 0; i < trimmed.length(); i++) {
      if (trimmed.charAt(i) >= 128) {
        // Outside ASCII, upper-casing may change the length (ß is SS): let it decide.
        return AWS_EXACT_NAMES.contains(trimmed.toUpperCase(Locale.ROOT));
      }
    }
    // In ASCII, upper-casing maps a-z to A-Z only, which is what equalsIgnoreCase compares, without a copy.
    for (String exact : AWS_EXACT_NAMES) {
      if (exact.equalsIgnoreCase(trimmed)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #name(String)} after the exact AWS names, from the name's {@link #tokens}. */
  private static Optional<Detection> nameByTokens(List<String> tokens) {
    if (tokens.isEmpty() || isNotCredential(tokens)) {
      return Optional.empty();
    }
    // Trivy AVD-AWS-0036 skips names starting with token_type or version.
    if (tokens.get(0).equals("version") || tokens.size() > 1 && tokens.get(0).equals("token")
        && tokens.get(1).equals("type")) {
      return Optional.empty();
    }
    if (tokens.size() > 1 && QUANTITY_PREFIXES.contains(tokens.get(0)) || hasPublicQualifier(tokens)) {
      return Optional.empty();
    }
    int last = tokens.size() - 1;
    boolean accessKeyId = tokens.get(last).equals("id") && (last >= 1 && tokens.get(last - 1).equals("accesskey")
        || last >= 2 && tokens.get(last - 1).equals("key") && tokens.get(last - 2).equals("access"));
    if (accessKeyId) {
      return keyword("access-key-id");
    }
    if (tokens.size() > 1 && DESCRIPTORS.contains(tokens.get(last))) {
      return Optional.empty();
    }
    if (LAST_WORDS.contains(tokens.get(last))) {
      return keyword(tokens.get(last));
    }
    for (int i = 0; i + 1 < tokens.size(); i++) {
      List<String[]> pairs = PAIRS_BY_FIRST.get(tokens.get(i));
      if (pairs == null) {
        continue;
      }
      for (String[] pair : pairs) {
        if (tokens.get(i + 1).equals(pair[1])) {
          return keyword(pair[0] + "-" + pair[1]);
        }
      }
    }
    for (String token : tokens) {
      if (JOINED.contains(token)) {
        return keyword(token);
      }
      if (WORDS.contains(token)) {
        return keyword(singular(token));
      }
      if (token.startsWith("password")) {
        return keyword("password");
      }
      for (String suffix : SUFFIXES) {
        if (token.endsWith(suffix)) {
          return keyword(suffix);
        }
      }
    }
    return vendorKey(tokens);
  }

  /**
   * {@code <VENDOR>_KEY}, {@code <VENDOR>_<ANY>_KEY}, {@code <VENDOR>_KEY_<ANY>}: see {@link #VENDORS}. A last token
   * that describes the key ({@code OPENAI_KEY_ID}, {@code STRIPE_KEY_PREFIX}) was ruled out before.
   */
  private static Optional<Detection> vendorKey(List<String> tokens) {
    int key = Math.max(tokens.lastIndexOf("key"), tokens.lastIndexOf("keys"));
    if (key < 1) {
      return Optional.empty();
    }
    for (int i = 0; i < key; i++) {
      Vendor vendor = VENDOR_BY_ALIAS.get(tokens.get(i));
      if (vendor == null && i + 1 < key) {
        vendor = VENDOR_BY_ALIAS.get(tokens.get(i) + tokens.get(i + 1));
      }
      if (vendor != null) {
        for (String token : tokens) {
          if (vendor.publicWords().contains(token)) {
            return Optional.empty();
          }
        }
        return Optional.of(new Detection("name:vendor-key:" + vendor.id(), "a credential name", Strength.STRONG));
      }
    }
    return Optional.empty();
  }

  /** {@link #NOT_CREDENTIALS} holds the tokens joined; joined only when they are short enough to be one. */
  private static boolean isNotCredential(List<String> tokens) {
    int length = 0;
    for (String token : tokens) {
      length += token.length();
    }
    return length <= LONGEST_NOT_CREDENTIAL && NOT_CREDENTIALS.contains(String.join("", tokens));
  }

  private static boolean hasPublicQualifier(List<String> tokens) {
    for (String token : tokens) {
      if (PUBLIC_QUALIFIERS.contains(token)) {
        return true;
      }
    }
    return false;
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
   * The name's {@link #tokens}, each also cut into the {@link #GLUED_WORDS} glued at its end, read from the end,
   * longest first: {@code S3SECRETACCESSKEY} is s3, secret, accesskey; {@code DBPASSWORD} is db, password;
   * {@code PASSWORDMINLENGTH} is password, min, length (a descriptor, so no credential); {@code OPENAIKEY} is openai,
   * key. What is left when no known word ends it stays one token: {@code KEYBOARD} and {@code TOKENIZER} are not
   * cut, {@code MONKEY} is mon, key (and key alone is no credential). A token that is itself a known word is kept
   * whole ({@code apikey}, {@code clientsecret}), so the detector ids stay those of the joined words.
   */
  static List<String> words(String name) {
    List<String> tokens = tokens(name);
    List<String> words = null;
    for (int t = 0; t < tokens.size(); t++) {
      List<String> parts = gluedParts(tokens.get(t));
      if (parts != null && words == null) {
        words = new ArrayList<>(tokens.subList(0, t));
      }
      if (words != null) {
        if (parts == null) {
          words.add(tokens.get(t));
        } else {
          words.addAll(parts);
        }
      }
    }
    return words == null ? tokens : words;
  }

  /** The token cut into glued words and what precedes them, in order; null when it is not cut. */
  private static List<String> gluedParts(String token) {
    if (GLUED_WORDS.contains(token)) {
      return null;
    }
    List<String> fromTheEnd = new ArrayList<>(3);
    int end = token.length();
    while (end > 0) {
      int start = longestGluedWordEndingAt(token, end);
      if (start < 0) {
        break;
      }
      fromTheEnd.add(token.substring(start, end));
      end = start;
    }
    if (fromTheEnd.isEmpty()) {
      return null;
    }
    // A descriptor counts as glued only after a credential word (passwordMINlength, apikeyID), not at the end of
    // an ordinary word: admin is not ad-min, android not andro-id (API_KEY_ANDROID keeps its key).
    List<String> parts = new ArrayList<>(fromTheEnd.size() + 1);
    boolean afterWord = false;
    if (end > 0) {
      parts.add(token.substring(0, end));
    }
    for (int i = fromTheEnd.size() - 1; i >= 0; i--) {
      String part = fromTheEnd.get(i);
      boolean descriptor = DESCRIPTORS.contains(part) || QUANTITY_PREFIXES.contains(part);
      if (descriptor && !afterWord && !parts.isEmpty()) {
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + part);
        continue;
      }
      parts.add(part);
      afterWord = !descriptor || afterWord;
    }
    return parts.size() == 1 ? null : parts;
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

  /** Lower-case tokens of a name split on {@code _ - . /} and at camelCase boundaries ({@code apiKey}). */
  static List<String> tokens(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 128) {
        return unicodeTokens(name);
      }
    }
    // ASCII, as almost every name is: the same tokens, cut out of the name rather than built a char at a time.
    // Cut from the name lower-cased once (one copy, or none for a lower-case name) rather than lower-casing
    // each cut; in ASCII lower-casing keeps every index, and the boundaries are still read from the name.
    String lower = name.toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>(4);
    int start = -1;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAsciiLetterOrDigit(c)) {
        if (start >= 0) {
          tokens.add(lower.substring(start, i));
          start = -1;
        }
        continue;
      }
      if (start >= 0 && isAsciiUpper(c)) {
        char previous = name.charAt(i - 1);
        boolean lowerToUpper = isAsciiLower(previous) || previous >= '0' && previous <= '9';
        boolean acronymEnd = isAsciiUpper(previous) && i + 1 < name.length() && isAsciiLower(name.charAt(i + 1));
        if (lowerToUpper || acronymEnd) {
          tokens.add(lower.substring(start, i));
          start = i;
          continue;
        }
      }
      if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      tokens.add(lower.substring(start));
    }
    return tokens;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiUpper(c) || isAsciiLower(c) || c >= '0' && c <= '9';
  }

  private static boolean isAsciiUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isAsciiLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  /**
   * {@link #tokens} of a name with characters beyond ASCII: Unicode letters, digits and cases. Being the tokenizer
   * as first written, character by character, it is also what SecretDetectorLoopsTest holds the ASCII path to.
   */
  static List<String> unicodeTokens(String name) {
    List<String> tokens = new ArrayList<>(4);
    StringBuilder current = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(current, tokens);
        continue;
      }
      if (current.length() > 0 && Character.isUpperCase(c)) {
        char previous = name.charAt(i - 1);
        boolean lowerToUpper = Character.isLowerCase(previous) || Character.isDigit(previous);
        boolean acronymEnd = Character.isUpperCase(previous) && i + 1 < name.length()
            && Character.isLowerCase(name.charAt(i + 1));
        if (lowerToUpper || acronymEnd) {
          flush(current, tokens);
        }
      }
      current.append(Character.toLowerCase(c));
    }
    flush(current, tokens);
    return tokens;
  }

  private static void flush(StringBuilder current, List<String> tokens) {
    if (current.length() > 0) {
      tokens.add(current.toString());
      current.setLength(0);
    }
  }

  /**
   * Whether a configuration key names a credential: a log driver option, a Docker label, an HTTP header or
   * a {@code KEY=value} assignment in a command. That is {@link #name(String)}, plus what only configuration
   * calls a credential: a key whose last part is {@code Authorization} (a header, or a label such as
   * {@code traefik.….customrequestheaders.Authorization}), New Relic's {@code licenseKey} and Elastic's
   * {@code Cloud_Auth}. Environment variables keep {@link #name(String)} alone.
   */
  public static Optional<Detection> configKey(String key) {
    if (key == null || key.isBlank() || !mayBeCredentialName(key)) {
      return Optional.empty();
    }
    return configKeyWithoutScreen(key);
  }

  /** {@link #configKey(String)} without {@link #mayBeCredentialName}: for the test that keeps the screen honest. */
  static Optional<Detection> configKeyWithoutScreen(String key) {
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    // name(key), with the tokens kept for what follows.
    String trimmed = key.trim();
    if (isAwsExactName(trimmed)) {
      return Optional.of(new Detection(AWS_EXACT, "an AWS credential name", Strength.STRONG));
    }
    List<String> tokens = words(trimmed);
    Optional<Detection> byName = nameByTokens(tokens);
    if (byName.isPresent()) {
      return byName;
    }
    int last = tokens.size() - 1;
    if (last < 0) {
      return Optional.empty();
    }
    String end = tokens.get(last);
    String pair = last > 0 ? tokens.get(last - 1) + end : end;
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

  // ---------------------------------------------------------------------------------------------
  // Literal values

  private static final Pattern PLACEHOLDER = Pattern.compile(
      "\\$\\{[^}]*}|\\{\\{.*}}|\\$\\$\\$.*\\$\\$\\$|\\$[A-Z_][A-Z0-9_]*|#\\{[^}]*}|<[^<>]+>|%\\(?[A-Za-z_]*\\)?s"
          + "|\\*+|x{3,}|X{3,}"
          // a token format with its random part masked: ghp_xxxx…, sk_live_XXXX…, AKIAXXXX…, sk-..., SG.xxx.xxx
          + "|(?:[A-Za-z0-9]+[_.:-]){0,3}[A-Za-z0-9]{0,4}(?:x{6,}|X{6,}|\\*{4,}|\\.{3,}|\u2026)(?:[_.:-](?:x{6,}|X{6,}|\\*{4,}))*"
          // template wording: xoxb-your-bot-token, your_api_key_here
          + "|(?i:(?:[a-z0-9]+[_.:-]){0,3}your[_-][a-z0-9_-]*)",
      Pattern.DOTALL);
  /** {@code -?\\d{1,5}}, checked by {@link #isSmallInteger} (SecretDetectorLoopsTest keeps them in step). */
  static final Pattern SMALL_INTEGER = Pattern.compile("-?\\d{1,5}");
  /** {@code ~?(/[\\w.@-]+)+/?}, checked by {@link #isAbsolutePath} (SecretDetectorLoopsTest keeps them in step). */
  static final Pattern ABSOLUTE_PATH = Pattern.compile("~?(/[\\w.@-]+)+/?");
  /** A relative file name with the extension of a key, certificate or configuration file: {@code gcp-sa.json}. */
  private static final Pattern FILE_NAME = Pattern.compile("(?:\\.{1,2}/)?(?:[\\w.-]+/)*[\\w.-]+\\.(?i:json|pem|key|crt"
      + "|cer|der|p8|p12|pfx|jks|keystore|yaml|yml|txt|env|conf|cfg|ini|properties|toml)");
  /** The extensions {@link #FILE_NAME} ends with: a value ending otherwise cannot match it. */
  private static final String[] FILE_EXTENSIONS = {"json", "pem", "key", "crt", "cer", "der", "p8", "p12", "pfx",
      "jks", "keystore", "yaml", "yml", "txt", "env", "conf", "cfg", "ini", "properties", "toml"};
  private static final Set<String> NOT_LITERAL = Set.of(
      "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null", "nil", "undefined");
  private static final int LONGEST_NOT_LITERAL = 9;

  /**
   * Whether a value is a literal that could be a credential, as opposed to nothing, a reference or a
   * placeholder: empty or blank; an ARN ({@code arn:aws:secretsmanager:…}); a template placeholder
   * ({@code ${DB_PASSWORD}}, {@code {{resolve:…}}}, {@code $$$X$$$}, {@code <password>}, {@code ****});
   * a token whose random part is masked ({@code ghp_xxxx…}, {@code AKIAXXXX…}) or worded as a template
   * ({@code xoxb-your-bot-token}); a boolean or the like; a small integer; an absolute or home file path (a
   * mounted secret's location) or a relative file name with a key or configuration extension ({@code key.json}).
   */
  public static boolean isLiteral(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    if (v.isEmpty() || v.startsWith("arn:")
        || v.length() <= LONGEST_NOT_LITERAL && NOT_LITERAL.contains(v.toLowerCase(Locale.ROOT))) {
      return false;
    }
    // Every value of every variable, option and label passes here several times per evaluation: each regex
    // runs only when the value has what a match needs (the regexes alone decide).
    return !isPlaceholder(v)
        && !(v.length() <= 6 && isSmallInteger(v))
        && !((v.charAt(0) == '/' || v.charAt(0) == '~') && isAbsolutePath(v))
        && !(v.indexOf('.') >= 0 && hasFileExtension(v) && FILE_NAME.matcher(v).matches());
  }

  /** {@link #SMALL_INTEGER} as a loop: an optional minus, then one to five ASCII digits. */
  static boolean isSmallInteger(String text) {
    int digits = text.startsWith("-") ? 1 : 0;
    int count = text.length() - digits;
    if (count < 1 || count > 5) {
      return false;
    }
    for (int i = digits; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link #ABSOLUTE_PATH} as a loop: an optional {@code ~}, then {@code /}-separated non-empty parts of
   * {@code [\\w.@-]}, and at most one {@code /} at the end. Mounted secrets' paths pass here on every evaluation.
   */
  static boolean isAbsolutePath(String text) {
    int at = text.startsWith("~") ? 1 : 0;
    if (at >= text.length() || text.charAt(at) != '/') {
      return false;
    }
    boolean anyPart = false;
    int partStart = at + 1;
    for (int i = partStart; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '/') {
        if (i == partStart) {
          return i == text.length() && anyPart;
        }
        anyPart = true;
        partStart = i + 1;
      } else if (!isPathChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code [\\w.@-]}. */
  private static boolean isPathChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '@'
        || c == '-';
  }

  /**
   * Whether the text ends with a dot and one of {@link #FILE_EXTENSIONS}, in any case: what {@link #FILE_NAME}
   * needs. Its {@code [\\w.-]+/} runs backtrack over every dot of a host name before failing.
   */
  private static boolean hasFileExtension(String text) {
    int extension = text.lastIndexOf('.') + 1;
    int length = text.length() - extension;
    for (String candidate : FILE_EXTENSIONS) {
      if (candidate.length() == length && text.regionMatches(true, extension, candidate, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /** A password in a URL or connection string that is only a placeholder ({@code ${DB_PASSWORD}}). */
  private static boolean isPlaceholderPassword(String password) {
    String p = password.trim();
    return p.isEmpty() || isPlaceholder(p);
  }

  /** A template placeholder ({@link Placeholders}, the policy every rule shares) or a masked example value. */
  private static boolean isPlaceholder(String text) {
    return Placeholders.isWhole(text) || mayBePlaceholder(text) && PLACEHOLDER.matcher(text).matches();
  }

  /**
   * Whether {@link #PLACEHOLDER} can match at all: each of its alternatives starts with one of {@code $ { # < % *}
   * or needs a run of {@code x}, {@code X}, {@code *} or dots, an ellipsis, or the word "your". Most values have
   * none of these, and the regex backtracks a lot before it says so. Keep in step with {@link #PLACEHOLDER}:
   * {@code SecretDetectorTest} checks that every text the regex matches passes here.
   */
  static boolean mayBePlaceholder(String text) {
    if (text.isEmpty()) {
      return false;
    }
    return "${#<%*".indexOf(text.charAt(0)) >= 0 || text.contains("xxx") || text.contains("XXX")
        || text.contains("**") || text.contains("...") || text.indexOf('\u2026') >= 0
        || containsIgnoreCase(text, "your");
  }

  /** {@link #PLACEHOLDER} itself, for the test that keeps {@link #mayBePlaceholder} in step with it. */
  static boolean matchesPlaceholder(String text) {
    return PLACEHOLDER.matcher(text).matches();
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /**
   * A value format: cheap literal triggers first, then the regex. A match whose random part is masked
   * ({@code ghp_xxxx…}, {@code AKIAXXXX…}, {@code SG.xxx.xxx}: the placeholder shape {@link #isLiteral} rejects)
   * or that ends in {@code EXAMPLE} (AWS documentation keys, as gitleaks' allowlist) is not a credential.
   */
  private record Format(String detector, String shape, String[] triggers, Pattern pattern, boolean random) {
    /** The regex part: call it only when one of the triggers occurs in the value ({@link #knownFormat}). */
    boolean matches(String value) {
      Matcher matcher = pattern.matcher(value);
      while (matcher.find()) {
        if (!random || !isPlaceholderToken(matcher.group())) {
          return true;
        }
      }
      return false;
    }
  }

  /** The first known format the text has, most specific first. */
  private static Optional<Detection> knownFormat(String text) {
    long triggered = triggeredFormats(text);
    for (int i = 0; triggered != 0 && i < FORMATS.size(); i++) {
      if ((triggered & 1L << i) != 0 && FORMATS.get(i).matches(text)) {
        Format format = FORMATS.get(i);
        return Optional.of(new Detection(format.detector(), format.shape(), Strength.STRONG));
      }
    }
    return Optional.empty();
  }

  /** One trigger of the format at {@code format} in {@link #FORMATS}. */
  private record Trigger(String text, int format) {}

  /**
   * Which formats have a trigger in the text: bit {@code i} for the format at index {@code i} in {@link #FORMATS}.
   * One pass over the text, looking up the triggers that start with each pair of characters, rather than one
   * search per trigger: there are about seventy, and every value of every variable, option, label and command
   * meets them.
   */
  private static long triggeredFormats(String text) {
    long triggered = 0;
    for (int at = 0; at + 1 < text.length(); at++) {
      char first = text.charAt(at);
      char second = text.charAt(at + 1);
      if (first >= 128 || second >= 128) {
        continue;
      }
      Trigger[] candidates = TRIGGERS_BY_FIRST_TWO_CHARS[first << 7 | second];
      if (candidates == null) {
        continue;
      }
      for (Trigger trigger : candidates) {
        if ((triggered & 1L << trigger.format()) == 0 && text.startsWith(trigger.text(), at)) {
          triggered |= 1L << trigger.format();
        }
      }
    }
    return triggered;
  }

  /** The triggers of {@link #FORMATS} by their first two characters (all ASCII), at {@code first << 7 | second}. */
  private static Trigger[][] triggersByFirstTwoChars(List<Format> formats) {
    if (formats.size() > Long.SIZE) {
      throw new IllegalStateException("triggered formats are bits of a long: at most 64 formats");
    }
    List<List<Trigger>> byChars = new ArrayList<>();
    for (int c = 0; c < 128 * 128; c++) {
      byChars.add(null);
    }
    for (int i = 0; i < formats.size(); i++) {
      for (String trigger : formats.get(i).triggers()) {
        if (trigger.length() < 2 || trigger.charAt(0) >= 128 || trigger.charAt(1) >= 128) {
          throw new IllegalStateException("a format trigger must start with two ASCII characters: " + trigger);
        }
        int index = trigger.charAt(0) << 7 | trigger.charAt(1);
        if (byChars.get(index) == null) {
          byChars.set(index, new ArrayList<>());
        }
        byChars.get(index).add(new Trigger(trigger, i));
      }
    }
    Trigger[][] table = new Trigger[128 * 128][];
    for (int c = 0; c < table.length; c++) {
      table[c] = byChars.get(c) == null ? null : byChars.get(c).toArray(new Trigger[0]);
    }
    return table;
  }

  private static boolean isPlaceholderToken(String token) {
    return token.endsWith("EXAMPLE") || isPlaceholder(token);
  }

  private static Format format(String detector, String shape, String triggers, String regex) {
    return new Format(detector, shape, triggers.split(" "), Pattern.compile(regex), true);
  }

  /** A format whose match is fixed text (a PEM header), not a random token. */
  private static Format header(String detector, String shape, String triggers, String regex) {
    return new Format(detector, shape, triggers.split(" "), Pattern.compile(regex), false);
  }

  /** Known credential formats, most specific first (Anthropic before OpenAI: both start {@code sk-}). */
  private static final List<Format> FORMATS = List.of(
      format("aws-access-key-id", "an AWS access key id", "A3T AKIA ASIA ABIA ACCA",
          "\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\\b"),
      header("private-key", "a private key", "PRIVATE KEY",
          "-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----"),
      header("private-key", "a private key", "PuTTY-User-Key-File-", "PuTTY-User-Key-File-\\d+:"),
      format("github-pat", "a GitHub token", "ghp_", "\\bghp_[A-Za-z0-9]{36}\\b"),
      format("github-oauth", "a GitHub token", "gho_", "\\bgho_[A-Za-z0-9]{36}\\b"),
      format("github-app-token", "a GitHub token", "ghu_ ghs_", "\\bgh[us]_[A-Za-z0-9]{36}\\b"),
      format("github-refresh-token", "a GitHub token", "ghr_", "\\bghr_[A-Za-z0-9]{36}\\b"),
      format("github-fine-grained-pat", "a GitHub token", "github_pat_", "\\bgithub_pat_\\w{82}\\b"),
      format("gitlab-pat", "a GitLab token", "glpat-", "\\bglpat-[\\w-]{20,}"),
      format("gitlab-token", "a GitLab token",
          "gldt- glrt- glptt- glft- glsoat- glcbt- glimt- glagent- gloas- glffct- GR1348941",
          "\\bgl(?:dt|rt|ptt|ft|soat|cbt|imt|agent|oas|ffct)-[\\w-]{20,}|\\bGR1348941[\\w-]{20,}"),
      format("slack-token", "a Slack token", "xox", "\\bxox[abposre]-(?:\\d+-)+[A-Za-z0-9]+"),
      format("slack-app-token", "a Slack token", "xapp-", "(?i)\\bxapp-\\d-[a-z0-9]+-\\d+-[a-z0-9]+"),
      format("slack-webhook-url", "a Slack webhook URL", "hooks.slack.com",
          "hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{30,}"),
      format("stripe-key", "a Stripe key", "k_test_ k_live_ k_prod_",
          "\\b[sr]k_(?:test|live|prod)_[A-Za-z0-9]{10,99}\\b"),
      format("npm-token", "an npm token", "npm_", "\\bnpm_[A-Za-z0-9]{36}\\b"),
      format("pypi-token", "a PyPI token", "pypi-AgEIcHlwaS5vcmc", "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
      format("sendgrid-api-key", "a SendGrid API key", "SG.", "\\bSG\\.[\\w-]{22}\\.[\\w-]{43}\\b"),
      format("twilio-api-key", "a Twilio API key", "SK", "\\bSK[0-9a-fA-F]{32}\\b"),
      format("gcp-api-key", "a Google API key", "AIza", "\\bAIza[\\w-]{35}(?![\\w-])"),
      format("anthropic-api-key", "an Anthropic API key", "sk-ant-", "\\bsk-ant-(?:api03|admin01)-[\\w-]{80,}"),
      format("openai-api-key", "an OpenAI API key", "sk-",
          "\\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}"
              + "|\\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}"),
      format("vault-token", "a HashiCorp Vault token", "hvs. hvb. hvr.", "\\bhv[sbr]\\.[\\w-]{90,}"),
      format("terraform-cloud-token", "a Terraform Cloud token", ".atlasv1.", "\\b[A-Za-z0-9]{14}\\.atlasv1\\.[\\w=-]{60,}"),
      format("huggingface-token", "a Hugging Face token", "hf_ api_org_",
          "(?<![\\w-])(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})(?![\\w-])"),
      format("databricks-token", "a Databricks token", "dapi", "\\bdapi[0-9a-f]{32}(?:-\\d)?\\b"),
      format("shopify-token", "a Shopify token", "shp", "\\bshp(?:at|ca|pa|ss)_[A-Fa-f0-9]{32}\\b"),
      format("digitalocean-token", "a DigitalOcean token", "_v1_", "\\bdo[opr]_v1_[a-f0-9]{64}\\b"),
      format("docker-pat", "a Docker Hub token", "dckr_pat_", "\\bdckr_pat_[\\w-]{27}(?![\\w-])"),
      format("grafana-token", "a Grafana token", "glsa_ glc_",
          "\\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\\b|\\bglc_[A-Za-z0-9+/]{32,400}={0,2}"),
      format("groq-api-key", "a Groq API key", "gsk_", "\\bgsk_[A-Za-z0-9]{52}\\b"),
      format("newrelic-key", "a New Relic key", "NRAK- NRII- NRAL",
          "\\bNRAK-[A-Z0-9]{27}\\b|\\bNRII-[\\w-]{32}\\b|\\b[a-f0-9]{36}NRAL\\b"),
      format("sentry-token", "a Sentry token", "sntry", "\\bsntry[su]_[A-Za-z0-9+/=_-]{60,}"),
      format("mapbox-secret-token", "a Mapbox secret token", "sk.eyJ", "\\bsk\\.eyJ[\\w-]{20,}\\.[\\w-]{20,}"),
      format("launchdarkly-key", "a LaunchDarkly SDK key", "sdk-",
          "\\bsdk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
      format("firebase-server-key", "a Firebase Cloud Messaging server key", ":APA91b",
          "\\bAAAA[\\w-]{7}:APA91b[\\w-]{134}"),
      format("linear-api-key", "a Linear API key", "lin_api_", "\\blin_api_[A-Za-z0-9]{40}\\b"),
      format("notion-token", "a Notion token", "ntn_", "\\bntn_\\d{11}[A-Za-z0-9]{35}\\b"),
      format("figma-token", "a Figma token", "figd_", "\\bfigd_[\\w-]{40,}"),
      format("vercel-token", "a Vercel token", "vcp_ vci_ vca_ vcr_ vck_", "\\bvc[pikar]_[A-Za-z0-9]{20,60}\\b"),
      format("onepassword-token", "a 1Password service account token", "ops_eyJ",
          "\\bops_eyJ[A-Za-z0-9+/=]{100,}"),
      format("webhook-url", "a webhook URL with its token", "/api/webhooks/ .webhook.office.com/",
          "\\bdiscord(?:app)?\\.com/api/webhooks/\\d+/[\\w-]{60,}"
              + "|\\.webhook\\.office\\.com/webhookb2/[\\w-]+@[\\w-]+/IncomingWebhook/[0-9a-f]{32}/[\\w-]+"),
      format("signed-url", "a pre-signed URL (Azure SAS, S3, GCS)", "sig= X-Amz-Signature= X-Goog-Signature=",
          "[?&]sv=[^&\\s]+&.*?\\bsig=[A-Za-z0-9%+/=]{20,}|[?&]sig=[A-Za-z0-9%+/=]{20,}.*?&sv="
              + "|[?&]X-(?:Amz|Goog)-Signature=[0-9a-f]{40,}"),
      format("jwt", "a JSON Web Token", "eyJ",
          "\\beyJ[A-Za-z0-9_-]{10,}={0,2}\\.eyJ[A-Za-z0-9_-]{10,}={0,2}\\.[A-Za-z0-9_-]*"));

  private static final Trigger[][] TRIGGERS_BY_FIRST_TWO_CHARS = triggersByFirstTwoChars(FORMATS);

  /** {@code scheme://user:password@host}, user possibly empty ({@code redis://:pw@host}). */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@{}]*:([^/\\s@]+)@[^\\s@]");
  /** {@code jdbc:...;password=...}, {@code ?password=...} or {@code ;PWD=...}. */
  private static final Pattern JDBC_PASSWORD =
      Pattern.compile("(?i)\\bjdbc:[^\\s]*?[;?&:](?:password|pwd)=([^;&\\s]*)");
  /** {@code jdbc:oracle:thin:user/password@host}. */
  private static final Pattern JDBC_ORACLE = Pattern.compile("(?i)\\bjdbc:oracle:[a-z0-9]+:[^/@\\s:]+/([^@\\s]+)@");
  private static final List<Pattern> JDBC_PATTERNS = List.of(JDBC_PASSWORD, JDBC_ORACLE);
  /** ADO/ODBC connection strings: {@code Server=…;User Id=…;Password=…;}. */
  private static final Pattern CONNECTION_STRING_PASSWORD =
      Pattern.compile("(?i)(?:^|;)\\s*(?:password|pwd)\\s*=\\s*([^;]*)");

  private static final Pattern AWS_SECRET_KEY = Pattern.compile("[A-Za-z0-9/+]{40}");
  private static final Pattern HEX_32_OR_40 = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{40}");
  /** {@code [A-Za-z0-9+/=_-]+}, as a loop: it runs on most values, and a regex character class is slow. */
  static boolean isBase64ish(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean letterOrDigit = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
      if (!letterOrDigit && c != '+' && c != '/' && c != '=' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }
  private static final Pattern HEX_OR_UUID = Pattern.compile("[0-9a-fA-F-]+");

  /** Entropy detector bounds: detect-secrets' Base64HighEntropyString limit over at least 32 characters. */
  public static final double ENTROPY_THRESHOLD = 4.5;
  public static final int ENTROPY_MIN_LENGTH = 32;
  private static final int ENTROPY_MAX_LENGTH = 4096;

  /** {@code Bearer <token>} or {@code Basic <base64>}: the value of an Authorization header. */
  private static final Pattern AUTHORIZATION_VALUE =
      Pattern.compile("(?i)(?:bearer|basic|token)\\s+([A-Za-z0-9._~+/-]{16,}=*)");
  /** A JSON member with a string value: {@code "password": "…"}. */
  private static final Pattern JSON_MEMBER = Pattern.compile("\"([A-Za-z_][\\w.-]*)\"\\s*:\\s*(\"[^\"\\\\]*\")");
  /** Digests labelled with their algorithm, as in subresource integrity: {@code sha384-…}. */
  private static final Pattern LABELLED_DIGEST = Pattern.compile("(?i)(?:sha(?:1|224|256|384|512)|md5)[-:_].*");
  private static final Set<String> DATADOG_KEY_WORDS = Set.of("key", "api", "app", "application");
  private static final Detection EMBEDDED_CREDENTIAL =
      new Detection("embedded-credential", "a credential assigned inside the value (name=…)", Strength.STRONG);
  /** {@code user:password}, as Basic authentication and Docker's {@code auth} entries encode it in base64. */
  private static final Pattern USER_PASSWORD = Pattern.compile("[\\w.@+-]{1,128}:(?!//)\\S{6,}");
  private static final Detection ENCODED_CREDENTIALS =
      new Detection("encoded-credentials", "base64 of user:password", Strength.STRONG);

  /**
   * The first detector whose format the value has. The name helps only where a format is ambiguous on its
   * own: a 40-character AWS secret access key (the name must mention aws or secret, or access and key) and
   * Datadog keys (the name must mention datadog or dd, and key, api or app: {@code DD_VERSION} holds a Git
   * commit). Then credentials inside a structured value: an Authorization header value ({@code Bearer …}), a
   * credential-named assignment or member with a literal value ({@code -Ddb.password=…}, {@code ?token=…},
   * {@code "apiKey": "…"}, {@code password: …}), and base64 of {@code user:password}. Base64 that decodes to text
   * is judged by that text. High entropy is a {@link Strength#WEAK} last resort.
   */
  public static Optional<Detection> value(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Detection> known = knownFormat(value);
    if (known.isPresent()) {
      return known;
    }
    Optional<Detection> password = embeddedPassword(value);
    if (password.isPresent()) {
      return password;
    }
    String trimmed = value.trim();
    // The name's tokens are needed only for 32- and 40-character values and for the entropy hint.
    int length = trimmed.length();
    if (length == 40 && AWS_SECRET_KEY.matcher(trimmed).matches() && hasUpperAndLower(trimmed)) {
      List<String> nameTokens = nameTokens(name);
      if (nameTokens.contains("aws") || nameTokens.contains("secret") || nameTokens.contains("accesskey")
          || nameTokens.contains("access") && nameTokens.contains("key")) {
        return Optional.of(new Detection("aws-secret-access-key", "an AWS secret access key", Strength.STRONG));
      }
    }
    if ((length == 32 || length == 40) && HEX_32_OR_40.matcher(trimmed).matches()) {
      List<String> nameTokens = nameTokens(name);
      if ((nameTokens.contains("datadog") || nameTokens.contains("dd"))
          && nameTokens.stream().anyMatch(DATADOG_KEY_WORDS::contains)) {
        return Optional.of(new Detection("datadog-key", "a Datadog API or application key", Strength.STRONG));
      }
    }
    if (startsWithAuthorizationScheme(trimmed)) {
      Matcher scheme = AUTHORIZATION_VALUE.matcher(trimmed);
      if (scheme.matches() && isLiteral(scheme.group(1))) {
        return Optional.of(AUTHORIZATION_HEADER);
      }
    }
    boolean oneToken = isBase64ish(trimmed);
    if (!oneToken && (trimmed.indexOf('=') >= 0 || trimmed.indexOf(':') >= 0)) {
      Optional<Detection> embedded = embeddedCredential(trimmed);
      if (embedded.isPresent()) {
        return embedded;
      }
    }
    Optional<String> decoded = oneToken ? base64Text(trimmed) : Optional.empty();
    if (decoded.isPresent()) {
      if (USER_PASSWORD.matcher(decoded.get()).matches() && isLiteral(decoded.get().split(":", 2)[1])) {
        return Optional.of(ENCODED_CREDENTIALS);
      }
      // Base64 of text is judged by its text: a key inside, or a random token, or nothing.
      return value(null, decoded.get())
          .map(found -> new Detection(found.detector(), found.shape() + ", base64-encoded", found.strength()));
    }
    // Entropy is only a hint: not when the name says the value is public, nor for an encoded file.
    if (isHighEntropy(trimmed) && !isPublicName(nameTokens(name)) && !isEncodedFile(trimmed)) {
      return Optional.of(new Detection("entropy", "a high-entropy random string", Strength.WEAK));
    }
    return Optional.empty();
  }

  /** The name's tokens say the value is public (split once, not once per word). */
  private static boolean isPublicName(List<String> nameTokens) {
    return nameTokens.contains("public") || nameTokens.contains("publishable");
  }

  /** The name's {@link #words}: {@code S3SECRETACCESSKEY} mentions secret. */
  private static List<String> nameTokens(String name) {
    return name == null ? List.of() : words(name);
  }

  /** Whether {@link #AUTHORIZATION_VALUE} can match: it starts with its scheme, in any case. */
  private static boolean startsWithAuthorizationScheme(String text) {
    return text.regionMatches(true, 0, "bearer", 0, 6) || text.regionMatches(true, 0, "basic", 0, 5)
        || text.regionMatches(true, 0, "token", 0, 5);
  }

  /** A credential-named assignment, header or JSON member inside the value, holding a literal. */
  private static Optional<Detection> embeddedCredential(String value) {
    Optional<Detection> named = namedInText(value);
    if (named.isPresent()) {
      return Optional.of(named.get().equals(AUTHORIZATION_HEADER) ? named.get() : EMBEDDED_CREDENTIAL);
    }
    if (value.indexOf('"') >= 0) {
      Matcher member = JSON_MEMBER.matcher(value);
      while (member.find()) {
        if (!isLiteralInText(member.group(2))) {
          continue;
        }
        if (configKey(member.group(1)).isPresent()) {
          return Optional.of(EMBEDDED_CREDENTIAL);
        }
        // Docker's config.json / dockercfg: "auth": base64 of user:password
        String quoted = member.group(2);
        if (member.group(1).equals("auth") && isEncodedUserPassword(quoted.substring(1, quoted.length() - 1))) {
          return Optional.of(ENCODED_CREDENTIALS);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The text a base64 (or base64url) value decodes to, when it decodes to UTF-8 text: printable characters,
   * tabs and line breaks only. Random keys decode to bytes, not text.
   */
  static Optional<String> base64Text(String value) {
    return base64Text(value, ENTROPY_MIN_LENGTH);
  }

  private static Optional<String> base64Text(String value, int minLength) {
    if (value.length() < minLength || value.length() > ENTROPY_MAX_LENGTH) {
      return Optional.empty();
    }
    String unpadded = value.replace("=", "");
    byte[] bytes;
    try {
      bytes = unpadded.indexOf('-') >= 0 || unpadded.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(unpadded)
          : Base64.getDecoder().decode(unpadded);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException binary) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return Optional.empty();
      }
    }
    return Optional.of(text);
  }

  private static boolean isEncodedUserPassword(String value) {
    Optional<String> text = base64Text(value, 8);
    return text.isPresent() && USER_PASSWORD.matcher(text.get()).matches() && isLiteral(text.get().split(":", 2)[1]);
  }

  /**
   * Base64 of a file that announces its type in its first bytes: gzip, zip, PNG, GIF, JPEG, PDF. Compressed or
   * image data is random-looking, but it is not a key.
   */
  static boolean isEncodedFile(String value) {
    String start = value.length() > 16 ? value.substring(0, 16) : value;
    byte[] head;
    try {
      head = Base64.getMimeDecoder().decode(start.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    for (byte[] magic : FILE_SIGNATURES) {
      if (head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) {
        return true;
      }
    }
    return false;
  }

  private static final byte[][] FILE_SIGNATURES = {
      {0x1f, (byte) 0x8b}, {'P', 'K', 3, 4}, {(byte) 0x89, 'P', 'N', 'G'}, {'G', 'I', 'F', '8'},
      {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, {'%', 'P', 'D', 'F'}};

  private static Optional<Detection> embeddedPassword(String value) {
    // A URL with credentials has an '@' after its "://"; most URLs have none, and the regex backtracks over them.
    int scheme = value.indexOf("://");
    if (scheme >= 0 && value.indexOf('@', scheme) >= 0) {
      Matcher url = URL_PASSWORD.matcher(value);
      while (url.find()) {
        if (!isPlaceholderPassword(url.group(1))) {
          return Optional.of(new Detection("url-password", "a URL with a password", Strength.STRONG));
        }
      }
    }
    if (containsIgnoreCase(value, "jdbc:")) {
      for (Pattern pattern : JDBC_PATTERNS) {
        Matcher jdbc = pattern.matcher(value);
        while (jdbc.find()) {
          if (!isPlaceholderPassword(jdbc.group(1))) {
            return Optional.of(new Detection("jdbc-password", "a JDBC URL with a password", Strength.STRONG));
          }
        }
      }
    } else if (value.indexOf('=') >= 0 && value.indexOf(';') >= 0
        && (containsIgnoreCase(value, "password") || containsIgnoreCase(value, "pwd"))) {
      Matcher ado = CONNECTION_STRING_PASSWORD.matcher(value);
      while (ado.find()) {
        if (!isPlaceholderPassword(ado.group(1))) {
          return Optional.of(new Detection("connection-string-password", "a connection string with a password",
              Strength.STRONG));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The weak signal: at least {@value #ENTROPY_MIN_LENGTH} characters, all of the base64/base64url alphabet,
   * mixing upper case, lower case and digits, with Shannon entropy of at least {@value #ENTROPY_THRESHOLD}
   * bits per character. Skipped by construction: hex digests and UUIDs (hex alphabet), ARNs, URLs, image
   * references and {@code sha256:} digests (':' is outside the alphabet), absolute paths, words joined by
   * dashes or underscores (no digits, or too little entropy), Stripe publishable keys ({@code pk_live_…}),
   * digests labelled with their algorithm ({@code sha384-…}, subresource integrity).
   */
  static boolean isHighEntropy(String value) {
    int length = value.length();
    if (length < ENTROPY_MIN_LENGTH || length > ENTROPY_MAX_LENGTH || value.charAt(0) == '/'
        || !isBase64ish(value) || HEX_OR_UUID.matcher(value).matches()
        || !hasUpperAndLower(value) || !hasDigit(value) || isPublicByDesign(value)
        || LABELLED_DIGEST.matcher(value).matches()) {
      return false;
    }
    return shannonEntropy(value) >= ENTROPY_THRESHOLD;
  }

  /** Keys that are meant to be shipped to browsers: Stripe publishable keys. */
  private static boolean isPublicByDesign(String value) {
    return value.startsWith("pk_live_") || value.startsWith("pk_test_");
  }

  /** Shannon entropy in bits per character, over the characters of the text (ASCII counted exactly). */
  public static double shannonEntropy(CharSequence text) {
    int length = text.length();
    if (length == 0) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double entropy = 0;
    for (int count : counts) {
      entropy -= term(count, length);
    }
    return entropy - term(other, length);
  }

  private static double term(int count, int length) {
    if (count == 0) {
      return 0;
    }
    double p = (double) count / length;
    return p * (Math.log(p) / Math.log(2));
  }

  private static boolean hasUpperAndLower(String value) {
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < value.length() && !(upper && lower); i++) {
      char c = value.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return upper && lower;
  }

  private static boolean hasDigit(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Free text

  /**
   * The longest value in free text that is read whole; a longer bare one is judged by its first this many
   * characters, a longer quoted one is not read. Bounded so that a command of megabytes without a blank costs
   * a bounded amount per assignment in it, not the rest of the command each time.
   */
  static final int LONGEST_TEXT_VALUE = 1024;
  /** A quoted or bare value, up to the next blank or shell separator ({@link #textValueAt} reads the same). */
  static final String TEXT_VALUE = "(\"[^\"]{0,1024}\"|'[^']{0,1024}'|[^\\s\"';&|)]{1,1024})";
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
  private static final Detection AUTHORIZATION_HEADER =
      new Detection("authorization-header", "an Authorization header", Strength.STRONG);

  /**
   * A credential written into free text such as a shell command line: a known value format anywhere in it, a
   * URL or connection string with a password, an {@code Authorization:} header with literal credentials, a
   * credential-named header ({@code X-Api-Key: …}) or assignment ({@code DB_PASSWORD=…}, {@code --api-key=…},
   * {@code -Djavax.net.ssl.keyStorePassword=…}) with a literal value. Shell expansions ({@code $VAR},
   * {@code ${VAR}}, {@code $(cat /run/secrets/x)}) are references, not literals. No entropy check: free text
   * is not one token; call {@link #value(String, String)} for that.
   */
  public static Optional<Detection> inText(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Optional<Detection> known = knownFormat(text);
    if (known.isPresent()) {
      return known;
    }
    Optional<Detection> password = embeddedPassword(text);
    if (password.isPresent()) {
      return password;
    }
    return namedInText(text);
  }

  /**
   * The named part of {@link #inText(String)}: an {@code Authorization:} header with literal credentials, or a
   * credential-named assignment or header with a literal value.
   */
  private static Optional<Detection> namedInText(String text) {
    if (containsIgnoreCase(text, "authorization")) {
      Matcher authorization = AUTHORIZATION.matcher(text);
      while (authorization.find()) {
        if (isLiteralInText(authorization.group(1))) {
          return Optional.of(AUTHORIZATION_HEADER);
        }
      }
    }
    if (text.indexOf('=') >= 0) {
      Optional<Detection> assigned = namedLiteral(ASSIGNMENT.matcher(text), text, '=');
      if (assigned.isPresent()) {
        return assigned;
      }
    }
    return hasHeaderColon(text) ? namedLiteral(HEADER.matcher(text), text, ':') : Optional.empty();
  }

  /** What {@link #HEADER} needs: a colon followed by a blank (URLs, ARNs and {@code host:port} have none). */
  private static boolean hasHeaderColon(String text) {
    for (int colon = text.indexOf(':'); colon >= 0 && colon + 1 < text.length(); colon = text.indexOf(':', colon + 1)) {
      char next = text.charAt(colon + 1);
      if (next == ' ' || next == '\t') {
        return true;
      }
    }
    return false;
  }

  /**
   * The first match whose name (group 1) is a credential name and whose value (after the match) is a literal. An
   * Authorization header was judged whole above: its first word is the scheme ({@code Bearer}), not the value.
   * The name is judged first: only a credential's name pays for reading its value.
   */
  private static Optional<Detection> namedLiteral(Matcher matcher, String text, char separator) {
    int from = 0;
    while (true) {
      int start = searchStart(text, from, separator);
      if (start < 0 || !matcher.find(start)) {
        break;
      }
      Optional<Detection> named = configKey(matcher.group(1));
      if (named.isPresent() && !named.get().detector().equals("name:keyword:authorization")
          && isLiteralInText(textValueAt(text, matcher.end()))) {
        return named;
      }
      // The value may hold the next assignment: --from-literal=password=…
      from = matcher.end();
    }
    return Optional.empty();
  }

  /**
   * {@link #TEXT_VALUE} at {@code at}: a quoted value with its quotes, or a bare one up to a blank or a shell
   * separator, at most {@link #LONGEST_TEXT_VALUE} characters; null when there is none. A loop rather than the
   * regex: it runs for every credential-named assignment of a command, and a bare value may be long.
   */
  static String textValueAt(String text, int at) {
    if (at >= text.length()) {
      return null;
    }
    char first = text.charAt(at);
    if (first == '"' || first == '\'') {
      int lastClose = Math.min(text.length() - 1, at + 1 + LONGEST_TEXT_VALUE);
      for (int close = at + 1; close <= lastClose; close++) {
        if (text.charAt(close) == first) {
          return text.substring(at, close + 1);
        }
      }
      return null;
    }
    int limit = Math.min(text.length(), at + LONGEST_TEXT_VALUE);
    int end = at;
    while (end < limit && !endsBareValue(text.charAt(end))) {
      end++;
    }
    return end == at ? null : text.substring(at, end);
  }

  /** {@code [\\s"';&|)]}: what ends a bare {@link #TEXT_VALUE}. */
  private static boolean endsBareValue(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r'
        || c == '"' || c == '\'' || c == ';' || c == '&' || c == '|' || c == ')';
  }

  /**
   * Where the first match of {@link #ASSIGNMENT} ({@code separator} '=') or {@link #HEADER} (':') at or after
   * {@code from} can start, or -1 when none can: the regex alone would try every position of long commands.
   * Every match holds its separator. An assignment's name is the whole run of {@code [\\w.-]} before its '='
   * (the lookbehind forbids starting inside a run), so no match starts before the run of the first '=' that
   * has one starting at or after {@code from}.
   */
  private static int searchStart(String text, int from, char separator) {
    if (separator != '=') {
      return text.indexOf(separator, from) >= 0 ? from : -1;
    }
    for (int equals = text.indexOf('=', from); equals >= 0; equals = text.indexOf('=', equals + 1)) {
      int run = equals;
      while (run > 0 && isAssignmentNameChar(text.charAt(run - 1))) {
        run--;
      }
      if (run < equals && run >= from) {
        return run;
      }
    }
    return -1;
  }

  /** {@code [\\w.-]}: what an {@link #ASSIGNMENT}'s name and its lookbehind are made of. */
  private static boolean isAssignmentNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
  }

  /**
   * {@link #isLiteral(String)} for a value taken out of a command line: surrounding quotes are removed, and
   * anything the shell expands ({@code $…}, backquotes) is a reference to a value held elsewhere.
   */
  public static boolean isLiteralInText(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1).trim();
    }
    if (v.startsWith("$") || v.contains("$(") || v.contains("${") || v.indexOf('`') >= 0) {
      return false;
    }
    return isLiteral(v);
  }

  /**
   * {@code word} (lower-case ASCII) found in any case, without copying the text. Only a pre-check: the regex
   * after it decides, and its {@code (?i)} is ASCII-only too.
   */
  private static boolean containsIgnoreCase(String text, String word) {
    char lower = word.charAt(0);
    char upper = Character.toUpperCase(lower);
    // The candidates are found by indexOf (vectorised) for each case of the first letter rather than a
    // char at a time: every value passes here several times per evaluation. Which occurrence is found first
    // does not matter, only whether there is one.
    return occursAt(text, word, lower) || upper != lower && occursAt(text, word, upper);
  }

  /** Whether the word, in any case, starts at an occurrence of {@code first} in the text. */
  private static boolean occursAt(String text, String word, char first) {
    int last = text.length() - word.length();
    for (int i = text.indexOf(first); i >= 0 && i <= last; i = text.indexOf(first, i + 1)) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }
}
