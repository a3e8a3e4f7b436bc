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

  /** Limits per event. */
  public record Budget(int maxCalls, Duration time) {
    public static final Budget DEFAULT = new Budget(40, Duration.ofSeconds(8));
  }

  private final AwsClients clients;
  private final FactCache cache;
  private final FactCalls calls;
  private final AtomicInteger cacheHits = new AtomicInteger();

  public AwsFacts(AwsClients clients, FactCache cache, Budget budget) {
    this.clients = clients;
    this.cache = cache;
    this.calls = new FactCalls(budget.maxCalls(), cache.clock().instant().plus(budget.time()), cache.clock());
  }

  private <T> Fact<T> cached(String key, Supplier<Fact<T>> lookup) {
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
    return cached("logs:" + region + ":" + logGroupName,
        () -> LogGroupLookup.exists(calls, clients, region, logGroupName));
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
