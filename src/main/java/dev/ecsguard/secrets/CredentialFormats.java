package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credential formats: vendor tokens and keys recognisable by their shape ({@code ghp_…}, {@code AKIA…}, a PEM private
 * key), and passwords written into URLs and connection strings. The formats follow the gitleaks and detect-secrets
 * rules listed in anchors-rules.md §(e) and cover those of secretlint's recommended preset;
 * {@code bench/secrets/measure.sh} measures them on the labelled corpus {@code test/secrets/corpus.tsv}.
 */
final class CredentialFormats {

  private CredentialFormats() {}

  /**
   * A value format: literal triggers (text every match holds), then the regex. A match whose random part is masked
   * ({@code ghp_xxxx…}, {@code AKIAXXXX…}, {@code SG.xxx.xxx}: the placeholder shape {@link LiteralValues} rejects)
   * or that ends in {@code EXAMPLE} (AWS documentation keys, as gitleaks' allowlist) is not a credential.
   */
  private record Format(String detector, String shape, List<String> triggers, Pattern pattern, boolean random) {
    boolean matches(String value) {
      // The triggers first: forty regexes meet every value of every variable, option, label and command.
      return hasTrigger(value) && hasMatch(value);
    }

    private boolean hasTrigger(String value) {
      for (String trigger : triggers) {
        if (value.contains(trigger)) {
          return true;
        }
      }
      return false;
    }

    private boolean hasMatch(String value) {
      Matcher matcher = pattern.matcher(value);
      while (matcher.find()) {
        if (!random || !isPlaceholderToken(matcher.group())) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean isPlaceholderToken(String token) {
    return token.endsWith("EXAMPLE") || LiteralValues.isPlaceholder(token);
  }

  private static Format format(String detector, String shape, String triggers, String regex) {
    return new Format(detector, shape, List.of(triggers.split(" ")), Pattern.compile(regex), true);
  }

  /** A format whose match is fixed text (a PEM header), not a random token. */
  private static Format header(String detector, String shape, String triggers, String regex) {
    return new Format(detector, shape, List.of(triggers.split(" ")), Pattern.compile(regex), false);
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

  /** The first known format the text has, most specific first. */
  static Optional<Detection> knownFormat(String text) {
    return FORMATS.stream().filter(format -> format.matches(text)).findFirst()
        .map(format -> new Detection(format.detector(), format.shape(), Strength.STRONG));
  }

  /** {@code scheme://user:password@host}, user possibly empty ({@code redis://:pw@host}). */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@{}]*:([^/\\s@]+)@[^\\s@]");
  /** {@code jdbc:...;password=...}, {@code ?password=...} or {@code ;PWD=...}. */
  private static final Pattern JDBC_PASSWORD =
      Pattern.compile("(?i)\\bjdbc:[^\\s]*?[;?&:](?:password|pwd)=([^;&\\s]*)");
  /** {@code jdbc:oracle:thin:user/password@host}. */
  private static final Pattern JDBC_ORACLE = Pattern.compile("(?i)\\bjdbc:oracle:[a-z0-9]+:[^/@\\s:]+/([^@\\s]+)@");
  /** ADO/ODBC connection strings: {@code Server=…;User Id=…;Password=…;}. */
  private static final Pattern CONNECTION_STRING_PASSWORD =
      Pattern.compile("(?i)(?:^|;)\\s*(?:password|pwd)\\s*=\\s*([^;]*)");

  /** A password that is not a placeholder in a URL, a JDBC URL or an ADO/ODBC connection string. */
  static Optional<Detection> embeddedPassword(String value) {
    // A URL with credentials has an '@' after its "://"; most values have neither, and the regex backtracks over them.
    int scheme = value.indexOf("://");
    if (scheme >= 0 && value.indexOf('@', scheme) >= 0 && hasPassword(URL_PASSWORD, value)) {
      return Optional.of(new Detection("url-password", "a URL with a password", Strength.STRONG));
    }
    if (value.toLowerCase(Locale.ROOT).contains("jdbc:")) {
      if (hasPassword(JDBC_PASSWORD, value) || hasPassword(JDBC_ORACLE, value)) {
        return Optional.of(new Detection("jdbc-password", "a JDBC URL with a password", Strength.STRONG));
      }
    } else if (value.contains(";") && hasPassword(CONNECTION_STRING_PASSWORD, value)) {
      return Optional.of(new Detection("connection-string-password", "a connection string with a password",
          Strength.STRONG));
    }
    return Optional.empty();
  }

  /** Whether a match of the pattern holds a password (group 1) that is not a placeholder. */
  private static boolean hasPassword(Pattern pattern, String value) {
    return pattern.matcher(value).results().anyMatch(match -> !LiteralValues.isPlaceholderPassword(match.group(1)));
  }
}
