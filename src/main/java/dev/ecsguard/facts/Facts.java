package dev.ecsguard.facts;

import java.util.List;
import java.util.Optional;

/**
 * What live rules may ask about the account, behind narrow questions. One instance serves one event: it
 * counts the AWS calls and cache hits it made, and remembers the transient failures that leave the
 * evaluation incomplete. Lookups are lazy, so rules that do not run cost nothing.
 */
public interface Facts {

  /** Does the log group exist in that region? */
  Fact<Boolean> logGroupExists(String region, String logGroupName);

  /**
   * The size of an ECR image, in bytes as ECR reports it (the compressed layers).
   *
   * @param reference a tag or a digest ({@code sha256:...})
   */
  Fact<Long> imageSize(String region, String registryAccount, String repository, String reference);

  /** How a subnet reaches the internet, and which VPC endpoints its VPC has. */
  Fact<SubnetEgress> subnetEgress(String region, String subnetId);

  /** The identity policies of a role: attached (managed) and inline documents. */
  Fact<RolePolicies> rolePolicies(String roleArn);

  /**
   * Other task definition families of the account and region (latest ACTIVE revision) whose task role is this role,
   * from ecs-guard's inventory (one read, whatever the number of families).
   */
  Fact<List<String>> familiesUsingTaskRole(String account, String region, String roleArn, String exceptFamily);

  /** The customer-managed KMS key protecting a secret or parameter, if any (empty: an AWS-managed key). */
  Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn);

  /**
   * Asks ahead, together, the questions a dry run of the rules asks (given a {@link QuestionRecorder} to run
   * them on), so that the lookups' waits and the SDK clients' first use overlap; the rules then find the
   * answers ready. Offline there is nothing to ask.
   */
  default void askAhead(java.util.function.Consumer<Facts> dryRun) {}

  /** The AWS calls this event made, and how many answers came from the cache. */
  Usage usage();

  /** The transient failures met while answering: each leaves the evaluation incomplete. */
  List<Fact.Unknown<?>> transientFailures();

  /** Counters for the report and the log line. */
  record Usage(int calls, int cacheHits) {}

  /** No AWS: every fact is unknown for reason OFFLINE, and live rules stay silent. */
  static Facts offline() {
    return OfflineFacts.INSTANCE;
  }
}
