package dev.ecsguard.rule;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The metadata of a rule, read from its {@link RuleInfo} and checked once.
 *
 * @param profile baseline (plainly dangerous or broken) or restricted (hardening): see {@link Profile}
 * @param deployRace see {@link RuleInfo#deployRace}: not enforced by default
 */
public record RuleDescription(
    String id,
    String title,
    Severity severity,
    Profile profile,
    RuleKind kind,
    int mistake,
    String rationale,
    String remediation,
    String docUrl,
    List<String> controls,
    List<String> aliases,
    boolean deployRace) {

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** Reads and validates a rule's annotation: a malformed rule fails at start-up, never in an alert. */
  public static RuleDescription of(Class<? extends Rule> type) {
    RuleInfo info = type.getAnnotation(RuleInfo.class);
    if (info == null) {
      throw new IllegalStateException(type.getName() + " has no @RuleInfo");
    }
    RuleDescription description = new RuleDescription(info.id(), info.title(), info.severity(), info.profile(),
        info.kind(), info.mistake(), info.rationale(), info.remediation(), info.docUrl(), List.of(info.controls()),
        List.of(info.aliases()), info.deployRace());
    description.validate(type.getName());
    return description;
  }

  private void validate(String className) {
    require(ID.matcher(id).matches(), className, "id '" + id + "' is not kebab-case");
    require(!title.isBlank() && !title.endsWith("."), className, "title is blank or ends with a period");
    require(!rationale.isBlank() && !remediation.isBlank(), className, "rationale or remediation is blank");
    require(docUrl.startsWith("https://"), className, "docUrl is not https");
    require(mistake >= 0 && mistake <= 8, className, "mistake is not 0..8");
    require(aliases.stream().allMatch(a -> ID.matcher(a).matches() && !a.equals(id)), className, "bad alias");
  }

  private static void require(boolean condition, String className, String problem) {
    if (!condition) {
      throw new IllegalStateException("rule " + className + ": " + problem);
    }
  }
}
