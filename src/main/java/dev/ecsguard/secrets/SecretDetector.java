package dev.ecsguard.secrets;

import java.util.Optional;
import java.util.Set;

/**
 * Tells whether an environment variable looks like a credential, by its name or by its value, and says
 * which detector fired. It never returns, logs or stores the value: a {@link Detection} carries a detector
 * id ({@code github-pat}, {@code url-password}, {@code name:keyword:password}) and a human description.
 *
 * <p>The facade of four parts: {@link CredentialNames} (names and configuration keys), {@link LiteralValues}
 * (literal or reference), {@link CredentialFormats} (vendor token formats, passwords in URLs) and
 * {@link CredentialsInText} (free text such as a command line), with {@link CredentialValues} judging one value.
 * {@code bench/secrets/measure.sh} measures them on the labelled corpus {@code test/secrets/corpus.tsv};
 * docs/secret-detection.md describes them. Pure: the patterns are compiled once.
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

  /** The exact names Security Hub ECS.8, AWS Config ecs-no-environment-secrets and CT.ECS.PR.12 reject. */
  public static final Set<String> AWS_EXACT_NAMES =
      Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA");

  /** Detector id for the exact AWS names. */
  public static final String AWS_EXACT = "name:aws-exact";

  /** Entropy detector bounds: detect-secrets' Base64HighEntropyString limit over at least 32 characters. */
  public static final double ENTROPY_THRESHOLD = 4.5;
  public static final int ENTROPY_MIN_LENGTH = 32;

  private SecretDetector() {}

  /**
   * Whether a name is a credential name. The exact AWS names come first ({@value #AWS_EXACT}); otherwise
   * the detector is {@code name:keyword:<word>}, e.g. {@code name:keyword:password}.
   */
  public static Optional<Detection> name(String name) {
    return CredentialNames.name(name);
  }

  /**
   * Whether a configuration key names a credential: a log driver option, a Docker label, an HTTP header or
   * a {@code KEY=value} assignment in a command. That is {@link #name(String)}, plus what only configuration
   * calls a credential: a key whose last part is {@code Authorization} (a header, or a label such as
   * {@code traefik.….customrequestheaders.Authorization}), New Relic's {@code licenseKey} and Elastic's
   * {@code Cloud_Auth}. Environment variables keep {@link #name(String)} alone.
   */
  public static Optional<Detection> configKey(String key) {
    return CredentialNames.configKey(key);
  }

  /**
   * Whether a value is a literal that could be a credential, as opposed to nothing, a reference or a
   * placeholder: empty or blank; an ARN ({@code arn:aws:secretsmanager:…}); a template placeholder
   * ({@code ${DB_PASSWORD}}, {@code {{resolve:…}}}, {@code $$$X$$$}, {@code <password>}, {@code ****});
   * a token whose random part is masked ({@code ghp_xxxx…}, {@code AKIAXXXX…}) or worded as a template
   * ({@code xoxb-your-bot-token}); a boolean or the like; a small integer; an absolute or home file path (a
   * mounted secret's location) or a relative file name with a key or configuration extension ({@code key.json}).
   */
  public static boolean isLiteral(String value) {
    return LiteralValues.isLiteral(value);
  }

  /**
   * {@link #isLiteral(String)} for a value taken out of a command line: surrounding quotes are removed, and
   * anything the shell expands ({@code $…}, backquotes) is a reference to a value held elsewhere.
   */
  public static boolean isLiteralInText(String value) {
    return LiteralValues.isLiteralInText(value);
  }

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
    return CredentialValues.value(name, value);
  }

  /**
   * A credential written into free text such as a shell command line: a known value format anywhere in it, a
   * URL or connection string with a password, an {@code Authorization:} header with literal credentials, a
   * credential-named header ({@code X-Api-Key: …}) or assignment ({@code DB_PASSWORD=…}, {@code --api-key=…},
   * {@code -Djavax.net.ssl.keyStorePassword=…}) with a literal value. Shell expansions ({@code $VAR},
   * {@code ${VAR}}, {@code $(cat /run/secrets/x)}) are references, not literals. No entropy check: free text
   * is not one token; call {@link #value(String, String)} for that.
   */
  public static Optional<Detection> inText(String text) {
    return CredentialsInText.inText(text);
  }

  /** Shannon entropy in bits per character, over the characters of the text (ASCII counted exactly). */
  public static double shannonEntropy(CharSequence text) {
    return CredentialValues.shannonEntropy(text);
  }
}
