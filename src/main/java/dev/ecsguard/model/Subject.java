package dev.ecsguard.model;

import java.util.Optional;

/**
 * What the rules evaluate: a task definition and, for a RunTask call, the request that ran it. Plain data: the
 * live facts and what the rules of one evaluation share reach them through the engine's evaluation context.
 *
 * @param region the region the definition lives in (the event's; for a file, its ARN's, else the CLI's
 *     {@code --region}); null when nobody knows, and the rules that need it then report a gap
 * @param account the owning account, or null when unknown
 * @param principalArn the ARN of whoever made the evaluated call (CloudTrail's {@code userIdentity.arn}); null when
 *     nobody is known (a linted file, a call by an AWS service): tag exemptions then never count
 * @param source where the definition came from: a file being linted, or a revision ECS registered
 */
public record Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account,
    String principalArn, Source source) {

  /**
   * Where the definition came from. A file may still be a template that a pipeline fills in before registering it
   * ({@code "image": "<IMAGE1_NAME>"}); a registered revision is what ECS runs, so a placeholder left in it is a
   * broken deploy.
   */
  public enum Source {
    /** A file being linted: a template placeholder in it is filled in later. */
    FILE,
    /** A revision ECS registered: from a CloudTrail event or the ECS API (the Lambda, {@code invoke}). */
    REGISTERED
  }

  /** A registered revision. */
  public Subject(TaskDefinition taskDefinition, Optional<RunRequest> run, String region, String account) {
    this(taskDefinition, run, region, account, null, Source.REGISTERED);
  }

  /**
   * A definition read from a file. Its own ARN's region, when it has one, is where it lives and wins over
   * {@code region} (the CLI's {@code --region} or {@code AWS_REGION}, a guess for a file without an ARN).
   */
  public static Subject of(TaskDefinition definition, String region) {
    Optional<TaskDefinitionArn> arn = definition.parsedArn();
    String account = arn.map(TaskDefinitionArn::account).orElse(null);
    String resolvedRegion = arn.map(TaskDefinitionArn::region).orElse(region);
    return new Subject(definition, Optional.empty(), resolvedRegion, account, null, Source.FILE);
  }

  public Subject withRun(RunRequest request) {
    return new Subject(taskDefinition, Optional.of(request), region, account, principalArn, source);
  }

  /** The same subject for a call made by this principal (null: unknown). */
  public Subject withPrincipal(String arn) {
    return new Subject(taskDefinition, run, region, account, arn, source);
  }

  /** The same subject, said to come from {@code from}. */
  public Subject withSource(Source from) {
    return new Subject(taskDefinition, run, region, account, principalArn, from);
  }

  /** Whether the definition is a file being linted, which may still hold template placeholders. */
  public boolean fromFile() {
    return source == Source.FILE;
  }
}
