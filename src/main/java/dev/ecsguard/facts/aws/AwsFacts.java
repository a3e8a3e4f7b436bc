package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.SubnetEgress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The facts of one event, from AWS: lazy (only what rules ask), cached across events, bounded in calls and
 * time, asked in the region the question names. Each lookup lives in its own small class.
 */
public final class AwsFacts implements Facts {

  /**
   * Limits per event. The default is enough for a definition's log groups, images, roles and secrets, and
   * for the inventory of an account with a few dozen families (task-role-not-shared costs one call per family,
   * then is cached per environment); a bigger account raises it ({@code ECS_GUARD_FACTS_MAX_CALLS}) or
   * disables that rule.
   */
  public record Budget(int maxCalls, Duration time) {
    public static final Budget DEFAULT = new Budget(60, Duration.ofSeconds(8));
  }

  /**
   * The IAM actions the lookups call; the template grants exactly these (a test reads the lookups' sources
   * to keep this list honest). A user who removes one makes the rules that need it answer "could not verify".
   */
  public static final List<String> PERMISSIONS = List.of(
      // keep-sorted start
      "ec2:DescribeRouteTables",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcEndpoints",
      "ecr:DescribeImages",
      "ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitionFamilies",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
      "logs:DescribeLogGroups",
      "secretsmanager:DescribeSecret",
      "ssm:DescribeParameters"
      // keep-sorted end
      );

  private final AwsClients clients;
  private final FactCache cache;
  /** Every answer of this event, known or not: a question is asked at most once per event. */
  private final java.util.Map<String, Fact<?>> asked = new java.util.concurrent.ConcurrentHashMap<>();
  private final FactCalls calls;
  private final AtomicInteger cacheHits = new AtomicInteger();

  public AwsFacts(AwsClients clients, FactCache cache, Budget budget) {
    this.clients = clients;
    this.cache = cache;
    this.calls = new FactCalls(budget.maxCalls(), cache.clock().instant().plus(budget.time()), cache.clock());
  }

  @SuppressWarnings("unchecked")
  private <T> Fact<T> cached(String key, Supplier<Fact<T>> lookup) {
    Fact<T> already = (Fact<T>) asked.get(key);
    if (already != null) {
      cacheHits.incrementAndGet();
      return already;
    }
    Fact<T> fact = cachedAcrossEvents(key, lookup);
    asked.put(key, fact);
    return fact;
  }

  private <T> Fact<T> cachedAcrossEvents(String key, Supplier<Fact<T>> lookup) {
    Fact<T> hit = cache.get(key);
    if (hit != null) {
      cacheHits.incrementAndGet();
      return hit;
    }
    Fact<T> fact = lookup.get();
    cache.put(key, fact);
    return fact;
  }

  @Override
  public Fact<Boolean> logGroupExists(String region, String logGroupName) {
    // Only "exists" is remembered. The usual fix for a missing group is to create it and register again at once;
    // a remembered "missing" would fail that retry for the cache's whole TTL.
    String key = "logs:" + region + ":" + logGroupName;
    @SuppressWarnings("unchecked")
    Fact<Boolean> already = (Fact<Boolean>) asked.get(key);
    if (already != null) {
      cacheHits.incrementAndGet();
      return already;
    }
    Fact<Boolean> fact = cache.get(key);
    if (fact != null) {
      cacheHits.incrementAndGet();
    } else {
      fact = LogGroupLookup.exists(calls, clients, region, logGroupName);
      if (fact instanceof Fact.Known<Boolean> known && known.value()) {
        cache.put(key, fact);
      }
    }
    asked.put(key, fact);
    return fact;
  }

  @Override
  public Fact<Long> imageSize(String region, String registryAccount, String repository, String reference) {
    return cached("ecr:" + region + ":" + registryAccount + ":" + repository + ":" + reference,
        () -> ImageLookup.size(calls, clients, region, registryAccount, repository, reference));
  }

  @Override
  public Fact<SubnetEgress> subnetEgress(String region, String subnetId) {
    return cached("ec2:" + region + ":" + subnetId, () -> NetworkLookup.subnetEgress(calls, clients, region, subnetId));
  }

  @Override
  public Fact<RolePolicies> rolePolicies(String roleArn) {
    return cached("iam:" + roleArn, () -> RoleLookup.policies(calls, clients, roleArn));
  }

  @Override
  public Fact<List<String>> familiesUsingTaskRole(String region, String roleArn, String exceptFamily) {
    // The inventory is cached as a whole per region; the answer is filtered per question.
    return InventoryLookup.familiesUsingTaskRole(calls, clients, cache, cacheHits, region, roleArn, exceptFamily);
  }

  @Override
  public Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn) {
    return cached("kms-of:" + secretOrParameterArn, () -> SecretLookup.kmsKey(calls, clients, region, secretOrParameterArn));
  }

  @Override
  public Usage usage() {
    return new Usage(calls.calls(), cacheHits.get());
  }

  @Override
  public List<Fact.Unknown<?>> transientFailures() {
    return calls.transientFailures();
  }
}
