package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.SubnetEgress;

/** Placeholder until the network lookup is written. */
final class NetworkLookup {
  private NetworkLookup() {}

  static Fact<SubnetEgress> subnetEgress(FactCalls calls, AwsClients clients, String region, String subnetId) {
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "network lookup not built yet", null);
  }
}
