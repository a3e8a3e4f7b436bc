package dev.ecsguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.Severity;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy in force: mode, thresholds, per-rule settings and exemptions. Parsed strictly: an unknown key,
 * an unknown rule or a bad value is refused with the key and the reason, never silently ignored.
 *
 * @param exemptions granted by whoever owns the policy
 * @param tagExemptions whether, and from whom, a definition's own exemption tags count (off by default)
 * @param notifyThreshold findings below it are left out of reports and alerts
 * @param enforceThreshold findings at or above it may trigger enforcement
 * @param profile the profile enforced (restricted includes baseline); findings of rules outside it are reported only
 * @param rules by rule id (aliases resolved)
 */
public record PolicyDocument(
    Mode mode, Severity notifyThreshold, Severity enforceThreshold, Profile profile, Map<String, RulePolicy> rules,
    List<Exemption> exemptions, TagExemptions tagExemptions) {

  // Package-private: PolicySchemaTest keeps docs/policy.schema.json's keys equal to these.
  static final Set<String> TOP_LEVEL =
      Set.of("version", "mode", "profile", "notify", "enforce", "rules", "exemptions", "tagExemptions");
  static final Set<String> RULE_KEYS = Set.of("enabled", "severity", "enforce", "parameters");
  static final Set<String> EXEMPTION_KEYS = Set.of("families", "rules", "reason", "expires", "ticket");

  /** Parses a merged policy tree against the rules it may name. */
  public static PolicyDocument parse(JsonNode root, Catalog catalog) {
    if (root == null || !root.isObject()) {
      throw new InvalidPolicyException("", "expected a mapping at the top level");
    }
    onlyKeys(root, TOP_LEVEL, "");
    if (root.has("version") && root.get("version").asInt(-1) != 1) {
      throw new InvalidPolicyException("version", "only version 1 exists");
    }
    Mode mode = parseMode(root.get("mode"));
    Severity notify = threshold(root, "notify", Severity.INFO);
    Severity enforce = threshold(root, "enforce", Severity.HIGH);
    Profile profile = parseProfile(root.get("profile"));
    Map<String, RulePolicy> rules = rules(root.get("rules"), catalog);
    List<Exemption> exemptions = exemptions(root.get("exemptions"), catalog);
    TagExemptions tagExemptions = TagExemptions.parse(root.get("tagExemptions"));
    return new PolicyDocument(mode, notify, enforce, profile, Map.copyOf(rules), List.copyOf(exemptions),
        tagExemptions);
  }

  /** The catalog as this policy wants it: disabled rules left out, parameters, severities and switches applied. */
  public Catalog apply(Catalog catalog) {
    List<Catalog.Entry> entries = new ArrayList<>();
    for (Catalog.Entry entry : catalog.entries()) {
      RulePolicy policy = rules.get(entry.description().id());
      if (policy == null) {
        entries.add(entry);
        continue;
      }
      if (!policy.enabled()) {
        continue;
      }
      Rule rule = entry.rule();
      if (policy.parameters() != null) {
        String key = "rules." + entry.description().id() + ".parameters";
        if (!(rule instanceof Configurable configurable)) {
          throw new InvalidPolicyException(key, "this rule takes no parameters");
        }
        try {
          rule = configurable.configure(policy.parameters());
        } catch (IllegalArgumentException e) {
          throw new InvalidPolicyException(key, e.getMessage());
        }
      }
      entries.add(new Catalog.Entry(rule, entry.description(), policy.severity(), policy.enforce()));
    }
    return catalog.withEntries(entries);
  }

  private static Mode parseMode(JsonNode node) {
    if (node == null || node.isNull()) {
      return Mode.AUDIT;
    }
    try {
      return Mode.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException("mode", e.getMessage());
    }
  }

  private static Profile parseProfile(JsonNode node) {
    if (node == null || node.isNull()) {
      return Profile.BASELINE;
    }
    if (!node.isTextual()) {
      throw new InvalidPolicyException("profile", "expected baseline or restricted");
    }
    try {
      return Profile.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException("profile", e.getMessage());
    }
  }

  private static Severity threshold(JsonNode root, String section, Severity absent) {
    JsonNode node = root.get(section);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isObject()) {
      throw new InvalidPolicyException(section, "expected a mapping with minimumSeverity");
    }
    onlyKeys(node, Set.of("minimumSeverity"), section);
    return node.has("minimumSeverity") ? severity(node.get("minimumSeverity"), section + ".minimumSeverity") : absent;
  }

  private static Severity severity(JsonNode node, String key) {
    try {
      return Severity.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(key, e.getMessage());
    }
  }

  private static Map<String, RulePolicy> rules(JsonNode node, Catalog catalog) {
    Map<String, RulePolicy> rules = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return rules;
    }
    if (!node.isObject()) {
      throw new InvalidPolicyException("rules", "expected a mapping of rule ids");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = "rules." + field.getKey();
      Catalog.Entry entry = catalog.byId(field.getKey())
          .orElseThrow(() -> new InvalidPolicyException(key, "unknown rule (see `ecs-guard rules`)"));
      String id = entry.description().id();
      JsonNode settings = field.getValue();
      if (!settings.isObject()) {
        throw new InvalidPolicyException(key, "expected a mapping (enabled, severity, enforce, parameters)");
      }
      onlyKeys(settings, RULE_KEYS, key);
      JsonNode parameters = settings.get("parameters");
      if (parameters != null && !parameters.isObject()) {
        throw new InvalidPolicyException(key + ".parameters", "expected a mapping");
      }
      rules.put(id, new RulePolicy(
          bool(settings, "enabled", true, key),
          settings.has("severity") ? severity(settings.get("severity"), key + ".severity") : null,
          bool(settings, "enforce", entry.enforce(), key), // absent: the rule's default (off for a deploy race)
          parameters));
    }
    return rules;
  }

  private static List<Exemption> exemptions(JsonNode node, Catalog catalog) {
    List<Exemption> exemptions = new ArrayList<>();
    if (node == null || node.isNull()) {
      return exemptions;
    }
    if (!node.isArray()) {
      throw new InvalidPolicyException("exemptions", "expected a list");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String key = "exemptions[" + i + "]";
      if (!item.isObject()) {
        throw new InvalidPolicyException(key, "expected a mapping (families, rules, reason, expires, ticket)");
      }
      onlyKeys(item, EXEMPTION_KEYS, key);
      List<String> families = nonEmptyStrings(item.get("families"), key + ".families");
      List<String> ruleIds = new ArrayList<>();
      for (String id : nonEmptyStrings(item.get("rules"), key + ".rules")) {
        ruleIds.add(catalog.byId(id)
            .orElseThrow(() -> new InvalidPolicyException(key + ".rules", "unknown rule '" + id + "'"))
            .description().id());
      }
      JsonNode reason = item.get("reason");
      if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
        throw new InvalidPolicyException(key + ".reason", "required: why this risk is accepted, and by whom");
      }
      JsonNode expires = item.get("expires");
      if (expires == null || expires.isNull()) {
        throw new InvalidPolicyException(key + ".expires", "required: the date (yyyy-mm-dd) the exemption ends");
      }
      LocalDate date;
      try {
        date = LocalDate.parse(expires.asText());
      } catch (DateTimeParseException e) {
        throw new InvalidPolicyException(key + ".expires", "not a date (yyyy-mm-dd)");
      }
      exemptions.add(new Exemption(i, List.copyOf(families), List.copyOf(ruleIds), reason.asText().trim(), date,
          ticket(item.get("ticket"), key + ".ticket")));
    }
    return exemptions;
  }

  /** Optional; when given, a non-blank text naming the ticket that approved the exemption. */
  private static String ticket(JsonNode node, String key) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidPolicyException(key, "expected the ticket that approved the exemption, as text");
    }
    return node.asText().trim();
  }

  private static List<String> nonEmptyStrings(JsonNode node, String key) {
    List<String> values = new ArrayList<>();
    if (node != null && node.isTextual()) {
      values.add(node.asText());
    } else if (node != null && node.isArray()) {
      node.forEach(item -> values.add(item.asText()));
    }
    if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
      throw new InvalidPolicyException(key, "required: a non-empty list");
    }
    return values;
  }

  static boolean bool(JsonNode node, String field, boolean absent, String key) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw new InvalidPolicyException(key + "." + field, "expected true or false");
    }
    return value.booleanValue();
  }

  static void onlyKeys(JsonNode node, Set<String> allowed, String prefix) {
    node.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        throw new InvalidPolicyException(prefix.isEmpty() ? name : prefix + "." + name,
            "unknown key (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    });
  }
}
