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
 */
public record Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account,
    Facts facts) {

  /** A subject without AWS access. */
  public Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account) {
    this(taskDefinition, run, region, account, Facts.offline());
  }

  public static Subject of(TaskDefinition definition, String region) {
    String account = definition.parsedArn().map(TaskDefinitionArn::account).orElse(null);
    String resolvedRegion = region != null ? region : definition.parsedArn().map(TaskDefinitionArn::region).orElse(null);
    return new Subject(definition, Optional.empty(), resolvedRegion, account);
  }

  public Subject withRun(RunRequest request) {
    return new Subject(taskDefinition, Optional.of(request), region, account, facts);
  }

  public Subject withFacts(Facts answers) {
    return new Subject(taskDefinition, run, region, account, answers);
  }
}
