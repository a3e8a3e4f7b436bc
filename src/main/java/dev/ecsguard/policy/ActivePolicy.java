package dev.ecsguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.model.ExemptionTag;
import dev.ecsguard.model.Subject;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Engine;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Violation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy ready to use: the document, the catalog it configured, and the engine over that catalog, built
 * once per policy (not per event). A policy that was refused leaves ecs-guard reporting with its defaults,
 * enforcing nothing, and saying why in every report until it is fixed.
 *
 * @param refusal why the configured policy was refused, if it was
 */
public record ActivePolicy(PolicyDocument document, Catalog catalog, Engine engine, Optional<String> refusal) {

  public static final String EXEMPTION_RULE = "exemption-valid";
  /** How the exemption of a finding a tag silenced begins: such a finding alone still sends an alert. */
  public static final String TAG_GRANT = "granted by tag ";

  /** Parses and applies a merged policy tree, or refuses it with the key and the reason. */
  public static ActivePolicy parse(JsonNode merged, Catalog base) {
    PolicyDocument document = PolicyDocument.parse(merged, base);
    Catalog catalog = document.apply(base);
    return new ActivePolicy(document, catalog, new Engine(catalog), Optional.empty());
  }

  /** Like {@link #parse}, but a refused policy falls back to the defaults, in audit mode, saying why. */
  public static ActivePolicy of(JsonNode merged, Catalog base) {
    try {
      return parse(merged, base);
    } catch (InvalidPolicyException e) {
      return refused(e.getMessage(), base);
    }
  }

  /** The defaults, in audit mode, with the reason the configured policy cannot be used. */
  public static ActivePolicy refused(String reason, Catalog base) {
    PolicyDocument defaults = PolicyDocument.parse(PolicyLoader.defaults(), base);
    PolicyDocument safe = new PolicyDocument(Mode.AUDIT, defaults.notifyThreshold(), defaults.enforceThreshold(),
        defaults.profile(), defaults.rules(), defaults.exemptions(), TagExemptions.DISABLED);
    return new ActivePolicy(safe, base, new Engine(base), Optional.of(reason));
  }

  /** The built-in policy with these settings on top; refused with the key and the reason. */
  public static ActivePolicy parse(Settings settings) {
    return parse(PolicyLoader.fromEnvironment(settings), Catalog.standard());
  }

  public Mode mode() {
    return document.mode();
  }

  /**
   * Evaluates a subject under this policy: the engine's findings, cut at the notify threshold, with
   * exemptions (the policy's, and the definition's own tags where the policy lets them count) marked, and every
   * exemption refused reported; a refused policy leaves a gap, so nothing is enforced.
   */
  public Evaluation evaluate(Subject subject, LocalDate today) {
    return evaluate(EvaluationContext.offline(subject), today);
  }

  /** {@link #evaluate(Subject, LocalDate)}, with live rules asking the context's facts. */
  public Evaluation evaluate(EvaluationContext context, LocalDate today) {
    Subject subject = context.subject();
    Evaluation raw = engine.evaluate(context);
    List<String> gaps = new ArrayList<>(raw.gaps());
    refusal.ifPresent(reason -> gaps.add("the configured policy was refused (" + reason + "): defaults apply, nothing is enforced"));
    List<JudgedTag> tags = judgedTags(subject, today);
    Map<String, String> exempt = exemptionsFor(subject, today, tags);
    List<Finding> findings = new ArrayList<>(raw.findings().size() + 4); // the engine's, and a few expired exemptions
    List<Finding> engineFindings = raw.findings();
    for (int i = 0; i < engineFindings.size(); i++) { // indexed: an unmodifiable list's iterator is garbage
      Finding finding = engineFindings.get(i);
      if (!finding.severity().atLeast(document.notifyThreshold())) {
        continue;
      }
      String why = finding.ruleId().equals(EXEMPTION_RULE) ? null : exempt.get(finding.ruleId());
      findings.add(why == null ? finding : finding.withExemption(why));
    }
    findings.addAll(expiredPolicyExemptions(subject, today));
    findings.addAll(refusedTagExemptions(tags));
    return new Evaluation(findings, gaps);
  }

  /**
   * A well-formed, unexpired exemption tag naming a rule of this catalog, and why the policy refuses it (empty when
   * it counts). Tags that are broken on their own are the {@code exemption-valid} rule's to report.
   */
  private record JudgedTag(ExemptionTag tag, String ruleId, Optional<TagExemptions.Refusal> refusal) {}

  private List<JudgedTag> judgedTags(Subject subject, LocalDate today) {
    Map<String, String> tags = subject.taskDefinition().tags();
    if (!ExemptionTag.anyIn(tags)) {
      return List.of(); // most definitions carry none: no date is read
    }
    List<JudgedTag> judged = new ArrayList<>();
    for (ExemptionTag tag : ExemptionTag.of(tags, today)) {
      if (tag.valid()) {
        catalog.byId(tag.ruleId()).ifPresent(entry -> judged.add(new JudgedTag(tag, entry.description().id(),
            document.tagExemptions().refusal(tag, subject.principalArn(), today))));
      }
    }
    return judged;
  }

  /** Rule id → why it is exempted for this subject, naming who granted it. */
  private Map<String, String> exemptionsFor(Subject subject, LocalDate today, List<JudgedTag> tags) {
    Map<String, String> exempt = new HashMap<>();
    String family = subject.taskDefinition().family();
    for (Exemption exemption : document.exemptions()) {
      if (exemption.coversFamily(family) && !exemption.expiredOn(today)) {
        for (String rule : exemption.rules()) {
          exempt.putIfAbsent(rule, "granted by " + exemption.grantor() + ", until " + exemption.expires() + ": "
              + exemption.reason());
        }
      }
    }
    for (JudgedTag judged : tags) {
      if (judged.refusal().isEmpty()) {
        ExemptionTag tag = judged.tag();
        exempt.putIfAbsent(judged.ruleId(), TAG_GRANT + tag.key() + " on a call by " + subject.principalArn()
            + " (allowed by tagExemptions.allowedPrincipals), until " + tag.expires() + ": " + tag.reason());
      }
    }
    return exempt;
  }

  /** A tag the policy does not let count is reported: who may not grant it, or for how long. */
  private List<Finding> refusedTagExemptions(List<JudgedTag> tags) {
    Optional<Catalog.Entry> rule = tags.isEmpty() ? Optional.empty() : catalog.byId(EXEMPTION_RULE);
    if (rule.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (JudgedTag judged : tags) {
      judged.refusal().ifPresent(refused -> {
        Finding finding = Finding.of(rule.get(), Violation.at("/tags/" + Violation.token(judged.tag().key()),
            "exemption tag " + judged.tag().key() + " is not applied (findings of " + judged.ruleId() + " still count): "
                + refused.reason()));
        if (finding.severity().atLeast(document.notifyThreshold())) {
          findings.add(finding);
        }
      });
    }
    return findings;
  }

  /** An expired exemption in the policy for this family is reported, like an expired tag. */
  private List<Finding> expiredPolicyExemptions(Subject subject, LocalDate today) {
    if (document.exemptions().isEmpty()) {
      return List.of(); // most policies have none: no lookup, no list
    }
    Optional<Catalog.Entry> rule = catalog.byId(EXEMPTION_RULE);
    List<Finding> findings = new ArrayList<>();
    if (rule.isEmpty()) {
      return findings;
    }
    for (Exemption exemption : document.exemptions()) {
      if (exemption.coversFamily(subject.taskDefinition().family()) && exemption.expiredOn(today)) {
        Finding finding = Finding.of(rule.get(), Violation.at("/policy/exemptions/" + exemption.index(),
            exemption.grantor() + " for " + String.join(", ", exemption.rules())
                + " expired on " + exemption.expires() + ": the findings it covered are reported again"));
        if (finding.severity().atLeast(document.notifyThreshold())) {
          findings.add(finding);
        }
      }
    }
    return findings;
  }
}
