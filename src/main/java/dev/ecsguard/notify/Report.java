package dev.ecsguard.notify;

import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Everything an alert or a CLI report says about one evaluated event or file.
 *
 * @param origin the API call that triggered the evaluation; empty for a linted file
 * @param profile the profile enforced: findings of rules outside it are reported, labelled, never enforced
 * @param factUsage the AWS calls the live rules made for this event, and the answers the cache gave
 */
public record Report(
    Optional<ApiCall.Origin> origin, Subject subject, Evaluation evaluation, Mode mode, Profile profile,
    Outcome outcome, Facts.Usage factUsage) {

  /** A report of an evaluation that asked AWS nothing (a linted file). */
  public Report(Optional<ApiCall.Origin> origin, Subject subject, Evaluation evaluation, Mode mode, Profile profile,
      Outcome outcome) {
    this(origin, subject, evaluation, mode, profile, outcome, new Facts.Usage(0, 0));
  }

  /** Whether anything counts: exempted findings alone send no alert and fail no build. */
  public boolean hasFindings() {
    return !evaluation.reported().isEmpty();
  }

  /** Whether the policy's profile leaves this finding to reporting (a restricted finding under baseline). */
  public boolean outsideProfile(Finding finding) {
    return !profile.includes(finding.profile());
  }

  /** The findings that count and are outside the profile: reported, never enforced. */
  public long outsideProfileCount() {
    return evaluation.reported().stream().filter(this::outsideProfile).count();
  }

  /** The account, from the event when there is one (it is the truth about where the call happened). */
  public String account() {
    return origin.map(ApiCall.Origin::account).filter(a -> a != null).orElse(subject.account());
  }

  public String region() {
    return origin.map(ApiCall.Origin::region).filter(r -> r != null).orElse(subject.region());
  }

  /**
   * At most {@code limit} of the given findings, for a message that cannot hold them all: the most severe
   * (reported before exempted), kept in their original order.
   */
  static List<Finding> mostSevere(List<Finding> findings, int limit) {
    if (limit >= findings.size()) {
      return findings;
    }
    Set<Integer> kept = new HashSet<>(IntStream.range(0, findings.size()).boxed()
        .sorted(Comparator.comparing((Integer i) -> findings.get(i).exempted())
            .thenComparing(i -> findings.get(i).severity())
            .thenComparing(i -> i))
        .limit(Math.max(0, limit)).toList());
    return IntStream.range(0, findings.size()).filter(kept::contains).mapToObj(findings::get).toList();
  }

  /** "registered by" or "run by", for the summary line. */
  String verb() {
    return origin.map(o -> "RunTask".equals(o.eventName()) ? "run" : "registered").orElse("registered");
  }
}
