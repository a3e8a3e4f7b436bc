package dev.ecsguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.model.ExemptionTag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the policy lets a task definition's own {@code ecs-guard:exempt:<rule>} tags count. Whoever registers a
 * definition chooses its tags, so by default they count for nothing: a tag counts only when the policy turns tag
 * exemptions on and the principal who made the evaluated call (CloudTrail's {@code userIdentity.arn}) is on the
 * allowlist, and only up to a maximum lifetime. Without a known principal (a linted file, a call made by an AWS
 * service) no tag counts.
 *
 * <pre>
 * tagExemptions:
 *   enabled: true
 *   allowedPrincipals: ["arn:aws:sts::123456789012:assumed-role/platform-admin/*"]
 *   maxLifetimeDays: 90
 * </pre>
 *
 * @param allowedPrincipals ARN patterns ({@link PrincipalPattern})
 * @param maxLifetimeDays an expiry further than this from today is refused, not shortened
 */
public record TagExemptions(boolean enabled, List<PrincipalPattern> allowedPrincipals, int maxLifetimeDays) {

  public static final int DEFAULT_MAX_LIFETIME_DAYS = 90;
  /** Longer acceptance belongs in the policy, where it is reviewed. */
  public static final int LONGEST_MAX_LIFETIME_DAYS = 365;
  public static final TagExemptions DISABLED = new TagExemptions(false, List.of(), DEFAULT_MAX_LIFETIME_DAYS);

  private static final String KEY = "tagExemptions";
  static final Set<String> KEYS = Set.of("enabled", "allowedPrincipals", "maxLifetimeDays");

  /**
   * Why a well-formed tag was not applied. Reported by ActivePolicy under exemption-valid, at that rule's severity
   * like every other exemption that does not count: the finding the tag meant to hide still counts.
   */
  public record Refusal(String reason) {}

  /**
   * Why the policy refuses this well-formed, unexpired tag on a call by {@code principalArn} (null when unknown), or
   * empty when the tag counts.
   */
  public Optional<Refusal> refusal(ExemptionTag tag, String principalArn, LocalDate today) {
    if (!enabled) {
      return refused("tag exemptions are disabled in the policy; ask the policy owner for a policy exemption");
    }
    if (principalArn == null) {
      return refused("no principal is known for this evaluation (a linted file, or a call by an AWS service), "
          + "and a tag counts only for an allowed principal");
    }
    if (allowedPrincipals.stream().noneMatch(pattern -> pattern.matches(principalArn))) {
      return refused("the principal " + principalArn + " is not allowed to grant tag exemptions "
          + "(tagExemptions.allowedPrincipals)");
    }
    LocalDate latest = today.plusDays(maxLifetimeDays);
    if (tag.expires().isAfter(latest)) {
      return refused("it expires on " + tag.expires() + ", more than " + maxLifetimeDays
          + " days from today (tagExemptions.maxLifetimeDays): set a date no later than " + latest);
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refused(String reason) {
    return Optional.of(new Refusal(reason));
  }

  /** The {@code tagExemptions} key of a policy, strictly: absent means disabled. */
  static TagExemptions parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return DISABLED;
    }
    if (!node.isObject()) {
      throw new InvalidPolicyException(KEY, "expected a mapping (enabled, allowedPrincipals, maxLifetimeDays)");
    }
    PolicyDocument.onlyKeys(node, KEYS, KEY);
    boolean enabled = PolicyDocument.bool(node, "enabled", false, KEY);
    List<PrincipalPattern> principals = principals(node.get("allowedPrincipals"));
    if (enabled && principals.isEmpty()) {
      throw new InvalidPolicyException(KEY + ".allowedPrincipals",
          "required when enabled: the principal ARNs (globs) whose tags count");
    }
    return new TagExemptions(enabled, List.copyOf(principals), maxLifetimeDays(node.get("maxLifetimeDays")));
  }

  private static List<PrincipalPattern> principals(JsonNode node) {
    String key = KEY + ".allowedPrincipals";
    List<PrincipalPattern> principals = new ArrayList<>();
    if (node == null || node.isNull()) {
      return principals;
    }
    if (!node.isArray()) {
      throw new InvalidPolicyException(key, "expected a list of principal ARNs (globs)");
    }
    for (JsonNode item : node) {
      try {
        principals.add(PrincipalPattern.of(item.isTextual() ? item.asText() : null));
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(key, e.getMessage());
      }
    }
    return principals;
  }

  private static int maxLifetimeDays(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_MAX_LIFETIME_DAYS;
    }
    if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > LONGEST_MAX_LIFETIME_DAYS) {
      throw new InvalidPolicyException(KEY + ".maxLifetimeDays",
          "expected a whole number of days from 1 to " + LONGEST_MAX_LIFETIME_DAYS);
    }
    return node.asInt();
  }
}
