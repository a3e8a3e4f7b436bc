package dev.ecsguard.rule;

import dev.ecsguard.facts.Facts;
import dev.ecsguard.model.Derivations;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import java.util.Optional;

/**
 * What a rule is given for one evaluation: the {@link Subject} (plain data), the live {@link Facts} it may ask
 * about the account, and the {@link Derivations} the rules of this evaluation share (secret scans, parsed images).
 * The engine makes one per evaluation; the subject's accessors are repeated here so a rule reads
 * {@code context.taskDefinition()}.
 */
public final class EvaluationContext {

  private final Subject subject;
  private final Facts facts;
  private final Derivations derivations;

  public EvaluationContext(Subject subject, Facts facts) {
    this.subject = subject;
    this.facts = facts;
    this.derivations = new Derivations(subject);
  }

  /** A subject evaluated without AWS: live rules stay silent. */
  public static EvaluationContext offline(Subject subject) {
    return new EvaluationContext(subject, Facts.offline());
  }

  public Subject subject() {
    return subject;
  }

  /** What live rules may ask about the account; {@link Facts#offline()} when there is no AWS. */
  public Facts facts() {
    return facts;
  }

  /** Whether live facts can be asked at all (not a linted file, not offline). */
  public boolean online() {
    return facts != Facts.offline();
  }

  /** What the rules of this evaluation share about the subject. */
  public Derivations derivations() {
    return derivations;
  }

  /** A value derived from the subject, computed once for this evaluation. */
  public <T> T derived(Derivations.Key<T> key) {
    return derivations.get(key);
  }

  /** The same subject and facts with nothing derived yet: what one evaluation starts from. */
  EvaluationContext fresh() {
    return new EvaluationContext(subject, facts);
  }

  /** The same subject with other facts, and a fresh evaluation (a re-check after a delay). */
  public EvaluationContext withFacts(Facts other) {
    return new EvaluationContext(subject, other);
  }

  public TaskDefinition taskDefinition() {
    return subject.taskDefinition();
  }

  public Optional<RunRequest> run() {
    return subject.run();
  }

  public String region() {
    return subject.region();
  }

  public String account() {
    return subject.account();
  }

  public String principalArn() {
    return subject.principalArn();
  }

  public boolean fromFile() {
    return subject.fromFile();
  }

  /** The facts and derivations may hold credentials' shapes: never shown. */
  @Override
  public String toString() {
    return "EvaluationContext";
  }
}
