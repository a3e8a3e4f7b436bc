package dev.ecsguard.model;

import dev.ecsguard.facts.Facts;
import java.util.Optional;

/**
 * What the rules evaluate: a task definition and, for a RunTask call, the request that ran it.
 *
 * @param region the region the definition lives in (the event's, the ARN's, or the CLI's {@code --region});
 *     null when nobody knows, and region-dependent rules then stay silent
 * @param account the owning account, or null when unknown
 * @param facts what live rules may ask about the account; {@link Facts#offline()} when there is no AWS
 * @param derivations what the rules of the evaluation under way share ({@link #forOneEvaluation()}); null
 *     outside an evaluation, and each {@link #derived} value is then computed afresh
 * @param principalArn the ARN of whoever made the evaluated call (CloudTrail's {@code userIdentity.arn}); null when
 *     nobody is known (a linted file, a call by an AWS service): tag exemptions then never count
 */
public record Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account,
    Facts facts, Derivations derivations, String principalArn) {

  /** A subject without AWS access. */
  public Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account) {
    this(taskDefinition, run, region, account, Facts.offline());
  }

  public Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account,
      Facts facts) {
    this(taskDefinition, run, region, account, facts, null, null);
  }

  public Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account,
      Facts facts, Derivations derivations) {
    this(taskDefinition, run, region, account, facts, derivations, null);
  }

  public static Subject of(TaskDefinition definition, String region) {
    Optional<TaskDefinitionArn> arn = definition.parsedArn();
    String account = arn.map(TaskDefinitionArn::account).orElse(null);
    String resolvedRegion = region != null ? region : arn.map(TaskDefinitionArn::region).orElse(null);
    return new Subject(definition, Optional.empty(), resolvedRegion, account);
  }

  public Subject withRun(RunRequest request) {
    return new Subject(taskDefinition, Optional.of(request), region, account, facts, null, principalArn);
  }

  public Subject withFacts(Facts answers) {
    return new Subject(taskDefinition, run, region, account, answers, null, principalArn);
  }

  /** The same subject for a call made by this principal (null: unknown). */
  public Subject withPrincipal(String arn) {
    return new Subject(taskDefinition, run, region, account, facts, derivations, arn);
  }

  /** The same subject with its own, empty {@link Derivations}: the engine's, for one evaluation. */
  public Subject forOneEvaluation() {
    return new Subject(taskDefinition, run, region, account, facts, new Derivations(), principalArn);
  }

  /** A value derived from this subject, shared by the rules of one evaluation (computed afresh outside one). */
  public <T> T derived(Derivations.Key<T> key) {
    return derivations == null ? key.compute(this) : derivations.get(key, this);
  }
}
