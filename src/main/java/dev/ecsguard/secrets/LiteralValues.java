package dev.ecsguard.secrets;

import dev.ecsguard.model.Placeholders;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Literal values: whether a value could be a credential written in plain text, as opposed to nothing, a reference
 * (an ARN, a file path, a shell expansion) or a placeholder a pipeline fills in.
 */
final class LiteralValues {

  private LiteralValues() {}

  /** Template placeholders beyond {@link Placeholders}' own, and example values with their random part masked. */
  private static final Pattern PLACEHOLDER = Pattern.compile(
      "\\$\\{[^}]*}|\\{\\{.*}}|\\$\\$\\$.*\\$\\$\\$|\\$[A-Z_][A-Z0-9_]*|#\\{[^}]*}|<[^<>]+>|%\\(?[A-Za-z_]*\\)?s"
          + "|\\*+|x{3,}|X{3,}"
          // a token format with its random part masked: ghp_xxxx…, sk_live_XXXX…, AKIAXXXX…, sk-..., SG.xxx.xxx
          + "|(?:[A-Za-z0-9]+[_.:-]){0,3}[A-Za-z0-9]{0,4}(?:x{6,}|X{6,}|\\*{4,}|\\.{3,}|\u2026)(?:[_.:-](?:x{6,}|X{6,}|\\*{4,}))*"
          // template wording: xoxb-your-bot-token, your_api_key_here
          + "|(?i:(?:[a-z0-9]+[_.:-]){0,3}your[_-][a-z0-9_-]*)",
      Pattern.DOTALL);
  private static final Pattern SMALL_INTEGER = Pattern.compile("-?\\d{1,5}");
  /** An absolute or home file path: a mounted secret's location. */
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("~?(/[\\w.@-]+)+/?");
  /** A relative file name with the extension of a key, certificate or configuration file: {@code gcp-sa.json}. */
  private static final Pattern FILE_NAME = Pattern.compile("(?:\\.{1,2}/)?(?:[\\w.-]+/)*[\\w.-]+\\.(?i:json|pem|key|crt"
      + "|cer|der|p8|p12|pfx|jks|keystore|yaml|yml|txt|env|conf|cfg|ini|properties|toml)");
  private static final Set<String> NOT_LITERAL = Set.of(
      "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null", "nil", "undefined");

  /** See {@link SecretDetector#isLiteral(String)}. */
  static boolean isLiteral(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    return !(v.isEmpty() || v.startsWith("arn:") || NOT_LITERAL.contains(v.toLowerCase(Locale.ROOT))
        || isPlaceholder(v) || SMALL_INTEGER.matcher(v).matches() || ABSOLUTE_PATH.matcher(v).matches()
        || FILE_NAME.matcher(v).matches());
  }

  /** See {@link SecretDetector#isLiteralInText(String)}. */
  static boolean isLiteralInText(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1).trim();
    }
    if (v.startsWith("$") || v.contains("$(") || v.contains("${") || v.contains("`")) {
      return false;
    }
    return isLiteral(v);
  }

  /** A template placeholder ({@link Placeholders}, the policy every rule shares) or a masked example value. */
  static boolean isPlaceholder(String text) {
    return Placeholders.isWhole(text) || PLACEHOLDER.matcher(text).matches();
  }

  /** A password in a URL or connection string that is only a placeholder ({@code ${DB_PASSWORD}}). */
  static boolean isPlaceholderPassword(String password) {
    String p = password.trim();
    return p.isEmpty() || isPlaceholder(p);
  }
}
