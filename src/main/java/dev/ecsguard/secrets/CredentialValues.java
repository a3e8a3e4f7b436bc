package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credential values: whether a variable's value is a credential, by its format, by what is written inside it
 * (a password in a URL, a credential-named member), by what its base64 decodes to, or (a weak hint) by its entropy.
 */
final class CredentialValues {

  private CredentialValues() {}

  private static final Pattern AWS_SECRET_KEY = Pattern.compile("[A-Za-z0-9/+]{40}");
  private static final Pattern HEX_32_OR_40 = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{40}");
  private static final Pattern BASE64ISH = Pattern.compile("[A-Za-z0-9+/=_-]+");
  private static final Pattern HEX_OR_UUID = Pattern.compile("[0-9a-fA-F-]+");
  private static final Pattern UPPER = Pattern.compile("[A-Z]");
  private static final Pattern LOWER = Pattern.compile("[a-z]");
  private static final Pattern DIGIT = Pattern.compile("[0-9]");

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

  /** See {@link SecretDetector#value(String, String)}. */
  static Optional<Detection> value(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Detection> known = CredentialFormats.knownFormat(value).or(() -> CredentialFormats.embeddedPassword(value));
    if (known.isPresent()) {
      return known;
    }
    String trimmed = value.trim();
    if (AWS_SECRET_KEY.matcher(trimmed).matches() && hasUpperAndLower(trimmed)) {
      List<String> nameWords = nameWords(name);
      if (nameWords.contains("aws") || nameWords.contains("secret") || nameWords.contains("accesskey")
          || nameWords.contains("access") && nameWords.contains("key")) {
        return Optional.of(new Detection("aws-secret-access-key", "an AWS secret access key", Strength.STRONG));
      }
    }
    if (HEX_32_OR_40.matcher(trimmed).matches()) {
      List<String> nameWords = nameWords(name);
      if ((nameWords.contains("datadog") || nameWords.contains("dd"))
          && nameWords.stream().anyMatch(DATADOG_KEY_WORDS::contains)) {
        return Optional.of(new Detection("datadog-key", "a Datadog API or application key", Strength.STRONG));
      }
    }
    Matcher scheme = AUTHORIZATION_VALUE.matcher(trimmed);
    if (scheme.matches() && LiteralValues.isLiteral(scheme.group(1))) {
      return Optional.of(CredentialsInText.AUTHORIZATION_HEADER);
    }
    boolean oneToken = BASE64ISH.matcher(trimmed).matches();
    if (!oneToken) {
      return embeddedCredential(trimmed).or(() -> entropyHint(name, trimmed));
    }
    Optional<String> decoded = base64Text(trimmed);
    if (decoded.isPresent()) {
      if (isUserPassword(decoded.get())) {
        return Optional.of(ENCODED_CREDENTIALS);
      }
      // Base64 of text is judged by its text: a key inside, or a random token, or nothing.
      return value(null, decoded.get())
          .map(found -> new Detection(found.detector(), found.shape() + ", base64-encoded", found.strength()));
    }
    return entropyHint(name, trimmed);
  }

  /** The name's words ({@code S3SECRETACCESSKEY} mentions secret): needed for few values, so split on demand. */
  private static List<String> nameWords(String name) {
    return name == null ? List.of() : CredentialNames.words(name);
  }

  /** Entropy is only a hint: not when the name says the value is public, nor for an encoded file. */
  private static Optional<Detection> entropyHint(String name, String value) {
    if (isHighEntropy(value) && !nameWords(name).contains("public") && !nameWords(name).contains("publishable")
        && !isEncodedFile(value)) {
      return Optional.of(new Detection("entropy", "a high-entropy random string", Strength.WEAK));
    }
    return Optional.empty();
  }

  /** A credential-named assignment, header or JSON member inside the value, holding a literal. */
  private static Optional<Detection> embeddedCredential(String value) {
    Optional<Detection> named = CredentialsInText.namedInText(value);
    if (named.isPresent()) {
      return Optional.of(named.get().equals(CredentialsInText.AUTHORIZATION_HEADER) ? named.get() : EMBEDDED_CREDENTIAL);
    }
    Matcher member = JSON_MEMBER.matcher(value);
    while (member.find()) {
      String key = member.group(1);
      String quoted = member.group(2);
      if (!LiteralValues.isLiteralInText(quoted)) {
        continue;
      }
      if (CredentialNames.configKey(key).isPresent()) {
        return Optional.of(EMBEDDED_CREDENTIAL);
      }
      // Docker's config.json / dockercfg: "auth": base64 of user:password
      if (key.equals("auth") && isEncodedUserPassword(quoted.substring(1, quoted.length() - 1))) {
        return Optional.of(ENCODED_CREDENTIALS);
      }
    }
    return Optional.empty();
  }

  /**
   * The text a base64 (or base64url) value decodes to, when it decodes to UTF-8 text: printable characters,
   * tabs and line breaks only. Random keys decode to bytes, not text.
   */
  static Optional<String> base64Text(String value) {
    return base64Text(value, SecretDetector.ENTROPY_MIN_LENGTH);
  }

  private static Optional<String> base64Text(String value, int minLength) {
    if (value.length() < minLength || value.length() > ENTROPY_MAX_LENGTH) {
      return Optional.empty();
    }
    String unpadded = value.replace("=", "");
    boolean url = unpadded.contains("-") || unpadded.contains("_");
    String text;
    try {
      byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(unpadded);
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException notBase64OfText) {
      return Optional.empty();
    }
    boolean control = text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    return control ? Optional.empty() : Optional.of(text);
  }

  private static boolean isEncodedUserPassword(String value) {
    return base64Text(value, 8).filter(CredentialValues::isUserPassword).isPresent();
  }

  private static boolean isUserPassword(String text) {
    return USER_PASSWORD.matcher(text).matches() && LiteralValues.isLiteral(text.split(":", 2)[1]);
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
    return FILE_SIGNATURES.stream().anyMatch(magic -> head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length));
  }

  private static final List<byte[]> FILE_SIGNATURES = List.of(
      new byte[] {0x1f, (byte) 0x8b}, new byte[] {'P', 'K', 3, 4}, new byte[] {(byte) 0x89, 'P', 'N', 'G'},
      new byte[] {'G', 'I', 'F', '8'}, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff},
      new byte[] {'%', 'P', 'D', 'F'});

  /**
   * The weak signal: at least {@value SecretDetector#ENTROPY_MIN_LENGTH} characters, all of the base64/base64url
   * alphabet, mixing upper case, lower case and digits, with Shannon entropy of at least
   * {@value SecretDetector#ENTROPY_THRESHOLD} bits per character. Skipped by construction: hex digests and UUIDs
   * (hex alphabet), ARNs, URLs, image references and {@code sha256:} digests (':' is outside the alphabet), absolute
   * paths, words joined by dashes or underscores (no digits, or too little entropy), Stripe publishable keys
   * ({@code pk_live_…}), digests labelled with their algorithm ({@code sha384-…}, subresource integrity).
   */
  static boolean isHighEntropy(String value) {
    int length = value.length();
    if (length < SecretDetector.ENTROPY_MIN_LENGTH || length > ENTROPY_MAX_LENGTH || value.startsWith("/")
        || !BASE64ISH.matcher(value).matches() || HEX_OR_UUID.matcher(value).matches()
        || !hasUpperAndLower(value) || !DIGIT.matcher(value).find() || isPublicByDesign(value)
        || LABELLED_DIGEST.matcher(value).matches()) {
      return false;
    }
    return shannonEntropy(value) >= SecretDetector.ENTROPY_THRESHOLD;
  }

  /** Keys that are meant to be shipped to browsers: Stripe publishable keys. */
  private static boolean isPublicByDesign(String value) {
    return value.startsWith("pk_live_") || value.startsWith("pk_test_");
  }

  private static boolean hasUpperAndLower(String value) {
    return UPPER.matcher(value).find() && LOWER.matcher(value).find();
  }

  /** Shannon entropy in bits per character, over the characters of the text (ASCII counted exactly). */
  static double shannonEntropy(CharSequence text) {
    int length = text.length();
    if (length == 0) {
      return 0;
    }
    int[] counts = new int[129]; // ASCII, and one count for every other character
    text.chars().forEach(c -> counts[Math.min(c, 128)]++);
    double entropy = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / length;
        entropy -= p * (Math.log(p) / Math.log(2));
      }
    }
    return entropy;
  }
}
