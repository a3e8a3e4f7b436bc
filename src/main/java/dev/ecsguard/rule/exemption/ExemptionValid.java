package dev.ecsguard.rule.exemption;

import dev.ecsguard.model.ExemptionTag;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Exemptions are accepted risk with an owner and an end date. One without a reason, with a bad date, for a
 * rule that does not exist, or past its date is not an exemption: it is reported, and the finding it meant
 * to hide comes back. This rule judges a tag on its own; whether the policy lets a well-formed tag count (tag
 * exemptions enabled, an allowed principal, within the maximum lifetime) is judged, and a refusal reported under
 * this rule's id, by {@link dev.ecsguard.policy.ActivePolicy}, which knows the policy and the caller.
 */
@RuleInfo(
    id = "exemption-valid",
    profile = Profile.RESTRICTED,
    title = "Exemption is invalid, expired or not allowed",
    severity = Severity.MEDIUM,
    mistake = 0,
    rationale = "An ecs-guard:exempt:<rule-id> tag asks to silence a rule for this task definition, but whoever "
        + "registers a definition chooses its tags: a tag counts only when the policy enables tag exemptions, the "
        + "caller is on its allowlist and the date is within its maximum lifetime. Without a reason nobody can "
        + "tell later why the risk was accepted, without a valid date it never ends, and for an unknown rule id it "
        + "silences nothing while looking as if it did. Expired exemptions are how temporary risks become permanent.",
    remediation = "Ask the policy owner for a policy exemption (families, rules, reason, expires, ticket), or have "
        + "an allowed principal register the revision with \"<yyyy-mm-dd> <reason>\" within the maximum lifetime; "
        + "name an existing rule id in the key, or remove the tag and fix the finding.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html",
    controls = {"Kyverno PolicyException", "Checkov skip comments (checkov:skip=ID:reason)"})
public final class ExemptionValid implements Rule {

  private final Set<String> knownRuleIds;
  private final Clock clock;

  public ExemptionValid(Set<String> knownRuleIds) {
    this(knownRuleIds, Clock.systemUTC());
  }

  public ExemptionValid(Set<String> knownRuleIds, Clock clock) {
    this.knownRuleIds = Set.copyOf(knownRuleIds);
    this.clock = clock;
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    if (!ExemptionTag.anyIn(context.taskDefinition().tags())) {
      return List.of(); // without reading the clock, on every evaluation of a definition without exemption tags
    }
    List<Violation> violations = new ArrayList<>();
    for (ExemptionTag tag : ExemptionTag.of(context.taskDefinition().tags(), LocalDate.now(clock))) {
      String field = "/tags/" + Violation.token(tag.key());
      if (!tag.valid()) {
        violations.add(Violation.at(field, "exemption tag " + tag.key() + " is not honoured: " + tag.problem()));
      } else if (!knownRuleIds.contains(tag.ruleId())) {
        violations.add(Violation.at(field, "exemption tag " + tag.key() + " names no rule of ecs-guard"));
      }
    }
    return violations;
  }
}
