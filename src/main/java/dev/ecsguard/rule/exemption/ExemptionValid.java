package dev.ecsguard.rule.exemption;

import dev.ecsguard.model.ExemptionTag;
import dev.ecsguard.model.Subject;
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
 * to hide comes back.
 */
@RuleInfo(
    id = "exemption-valid",
    title = "Exemption tag is invalid or expired",
    severity = Severity.MEDIUM,
    mistake = 0,
    rationale = "An ecs-guard:exempt:<rule-id> tag silences a rule for this task definition. Without a reason "
        + "nobody can tell later why the risk was accepted, without a valid date it never ends, and for an "
        + "unknown rule id it silences nothing while looking as if it did. Expired exemptions are how temporary "
        + "risks become permanent.",
    remediation = "Set the tag value to \"<yyyy-mm-dd> <reason>\" with a future date and the reason (ticket, "
        + "owner), name an existing rule id in the key, or remove the tag and fix the finding.",
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
  public List<Violation> check(Subject subject) {
    if (!ExemptionTag.anyIn(subject.taskDefinition().tags())) {
      return List.of(); // without reading the clock, on every evaluation of a definition without exemption tags
    }
    List<Violation> violations = new ArrayList<>();
    for (ExemptionTag tag : ExemptionTag.of(subject.taskDefinition().tags(), LocalDate.now(clock))) {
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
