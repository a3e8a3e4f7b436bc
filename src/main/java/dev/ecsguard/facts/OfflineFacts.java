package dev.ecsguard.facts;

import java.util.List;
import java.util.Optional;

/** Offline: nothing is known, and nothing is asked. */
final class OfflineFacts implements Facts {

  static final OfflineFacts INSTANCE = new OfflineFacts();

  private OfflineFacts() {}

  private static <T> Fact<T> offline() {
    return Fact.unknown(Fact.Reason.OFFLINE, "no AWS access in this run", null);
  }

  @Override
  public Fact<Boolean> logGroupExists(String region, String logGroupName) {
    return offline();
  }

  @Override
  public Fact<Long> imageSize(String region, String registryAccount, String repository, String reference) {
    return offline();
  }

  @Override
  public Fact<SubnetEgress> subnetEgress(String region, String subnetId) {
    return offline();
  }

  @Override
  public Fact<RolePolicies> rolePolicies(String roleArn) {
    return offline();
  }

  @Override
  public Fact<List<String>> familiesUsingTaskRole(String account, String region, String roleArn, String exceptFamily) {
    return offline();
  }

  @Override
  public Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn) {
    return offline();
  }

  @Override
  public Usage usage() {
    return new Usage(0, 0);
  }

  @Override
  public List<Fact.Unknown<?>> transientFailures() {
    return List.of();
  }
}
