package dev.ecsguard.enforce;

import dev.ecsguard.facts.Facts;
import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Unverified;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A deploy race is not a violation. A rule marked {@link dev.ecsguard.rule.RuleInfo#deployRace} (the awslogs group
 * does not exist) may fire only because the deployment creates that resource a moment after registering the
 * definition. Such rules are not enforced by default; when a policy opts in ({@code enforce: true}) and one of their
 * findings is among those that trigger enforcement, this step waits {@code ECS_GUARD_RECHECK_DELAY_SECONDS} and runs
 * the rule again on facts asked afresh (no cache): a finding that is gone ("now exists"), or that cannot be verified
 * now, is dropped from the decision; the other triggering findings still act.
 */
public final class DeployRaceRecheck {

  public static final String DELAY = "ECS_GUARD_RECHECK_DELAY_SECONDS";
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(60);
  /** Beyond ten minutes the deployment is not racing any more; the Lambda's timeout bounds it anyway. */
  static final int MAX_DELAY_SECONDS = 600;

  /** How the delay is waited: {@link Thread#sleep} in the Lambda; a test may create the resource meanwhile. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL = delay -> Thread.sleep(delay.toMillis());

    void sleep(Duration delay) throws InterruptedException;
  }

  /** For pipelines without AWS: live rules stay silent offline, so nothing can be a deploy race. */
  public static final DeployRaceRecheck NONE = new DeployRaceRecheck(Duration.ZERO, Facts::offline, delay -> { });

  private final Duration delay;
  private final java.util.function.Function<String, Facts> uncachedFacts;
  private final Sleeper sleeper;

  /**
   * @param uncachedFacts facts that ask AWS again, sharing no cache with the evaluation's
   */
  public DeployRaceRecheck(Duration delay, Supplier<Facts> uncachedFacts, Sleeper sleeper) {
    this(sleeper, delay, account -> uncachedFacts.get());
  }

  /** @param uncachedFactsOf facts of the subject's account (a member account's through its role) that ask again */
  public static DeployRaceRecheck inAccounts(Duration delay, java.util.function.Function<String, Facts> uncachedFactsOf,
      Sleeper sleeper) {
    return new DeployRaceRecheck(sleeper, delay, uncachedFactsOf);
  }

  private DeployRaceRecheck(Sleeper sleeper, Duration delay, java.util.function.Function<String, Facts> uncachedFacts) {
    this.delay = delay;
    this.uncachedFacts = uncachedFacts;
    this.sleeper = sleeper;
  }

  /** {@value #DELAY}: whole seconds from 0 to {@value #MAX_DELAY_SECONDS}; a bad value fails naming the variable. */
  public static Duration delayFromEnvironment(Map<String, String> env) {
    String text = env.get(DELAY);
    if (text == null || text.isBlank()) {
      return DEFAULT_DELAY;
    }
    try {
      int seconds = Integer.parseInt(text.trim());
      if (seconds >= 0 && seconds <= MAX_DELAY_SECONDS) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(DELAY + ": '" + text + "' is not a whole number of seconds from 0 to "
        + MAX_DELAY_SECONDS);
  }

  /** The decision, without the deploy-race findings a re-check after the delay no longer confirms. */
  public Decision confirm(Decision decision, Subject subject, Catalog catalog) {
    if (!decision.acts()) {
      return decision;
    }
    List<Finding> racing = decision.triggering().stream()
        .filter(f -> catalog.byId(f.ruleId()).map(e -> e.description().deployRace()).orElse(false))
        .toList();
    if (racing.isEmpty()) {
      return decision;
    }
    pause();
    EvaluationContext again = new EvaluationContext(subject, uncachedFacts.apply(subject.account()));
    List<Finding> dropped = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String ruleId : racing.stream().map(Finding::ruleId).distinct().toList()) {
      Catalog.Entry rule = catalog.byId(ruleId).orElseThrow();
      List<Finding> now = recheck(rule, again);
      int exists = 0;
      int missing = 0;
      int unverified = 0;
      for (Finding before : racing.stream().filter(f -> f.ruleId().equals(ruleId)).toList()) {
        if (now.stream().anyMatch(f -> f.severity() != Severity.INFO && samePlace(f, before))) {
          missing++;
        } else if (now.stream().anyMatch(f -> f.severity() == Severity.INFO)) {
          unverified++; // the re-check could not answer: nothing is enforced on a guess
          dropped.add(before);
        } else {
          exists++;
          dropped.add(before);
        }
      }
      notes.add(ruleId + " re-checked after " + delay.toSeconds() + "s: " + outcome(exists, missing, unverified));
    }
    List<Finding> kept = decision.triggering().stream().filter(f -> !dropped.contains(f)).toList();
    String reason = decision.reason() + "; " + String.join("; ", notes);
    if (kept.isEmpty()) {
      return Decision.reportOnly(reason + ": nothing is enforced");
    }
    boolean deregister = decision.deregister() && kept.stream().anyMatch(f -> f.kind() != RuleKind.RUN);
    return new Decision(deregister, decision.stopTasks(), decision.dryRun(), reason, kept);
  }

  /** The rule's findings now; a rule that fails answers with one INFO note, as if it could not verify. */
  private static List<Finding> recheck(Catalog.Entry rule, EvaluationContext context) {
    try {
      return rule.rule().check(context).stream().map(v -> Finding.of(rule, v)).toList();
    } catch (RuntimeException bug) {
      return List.of(Finding.of(rule, Unverified.because("", "the re-check failed: "
          + bug.getClass().getSimpleName())));
    }
  }

  private void pause() {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // re-checked at once: the answer is still better than the first one
    }
  }

  /** The same container and field: the same resource, as far as a finding tells. */
  private static boolean samePlace(Finding a, Finding b) {
    return Objects.equals(a.container(), b.container()) && Objects.equals(a.field(), b.field());
  }

  private static String outcome(int exists, int missing, int unverified) {
    int total = exists + missing + unverified;
    List<String> parts = new ArrayList<>();
    if (exists > 0) {
      parts.add(total > 1 ? exists + " now exist" : "now exists");
    }
    if (missing > 0) {
      parts.add((total > 1 ? missing + " " : "") + "still missing");
    }
    if (unverified > 0) {
      parts.add((total > 1 ? unverified + " " : "") + "could not be verified, not enforced");
    }
    return String.join(", ", parts);
  }
}
