package dev.ecsguard.secrets;

import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Vendors whose "key" is a secret API key: a name that mentions one, then the word {@code KEY}, is a credential name
 * ({@code OPENAI_KEY}, {@code AMH_OPENAI_KEY}, {@code DD_APP_KEY}, {@code OPENAIKEY}), unless it also has one of the
 * vendor's words for a key meant for browsers (Algolia's search key, New Relic's browser key) or a public qualifier.
 * An alias is a name token, or two adjacent tokens joined ({@code NEW_RELIC}, {@code HuggingFace}); aliases of
 * four letters or more are also found glued to the words around them ({@link CredentialNames#words}). Left out on
 * purpose: vendors whose key is public by design, whose secret is named secret or token and found by those words
 * (Pusher's app key, Firebase's web key, Mapbox's {@code pk.} token, Segment's write key). Detector
 * {@code name:vendor-key:<vendor>}.
 */
final class VendorKeys {

  private VendorKeys() {}

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

  /** The aliases that are also found glued to the words around them. */
  static Set<String> gluedAliases() {
    return VENDOR_BY_ALIAS.keySet().stream().filter(alias -> alias.length() >= SHORTEST_GLUED_ALIAS)
        .collect(Collectors.toSet());
  }

  /**
   * {@code <VENDOR>_KEY}, {@code <VENDOR>_<ANY>_KEY}, {@code <VENDOR>_KEY_<ANY>}. A last token that describes the key
   * ({@code OPENAI_KEY_ID}, {@code STRIPE_KEY_PREFIX}) is ruled out by the caller.
   */
  static Optional<Detection> vendorKey(List<String> tokens) {
    int key = Math.max(tokens.lastIndexOf("key"), tokens.lastIndexOf("keys"));
    for (int i = 0; i < key; i++) {
      Vendor vendor = VENDOR_BY_ALIAS.get(tokens.get(i));
      if (vendor == null && i + 1 < key) {
        vendor = VENDOR_BY_ALIAS.get(tokens.get(i) + tokens.get(i + 1));
      }
      if (vendor != null) {
        if (tokens.stream().anyMatch(vendor.publicWords()::contains)) {
          return Optional.empty();
        }
        return Optional.of(new Detection("name:vendor-key:" + vendor.id(), "a credential name", Strength.STRONG));
      }
    }
    return Optional.empty();
  }
}
