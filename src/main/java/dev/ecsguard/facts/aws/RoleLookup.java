package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.RolePolicies;

/** Placeholder until the role lookup is written. */
final class RoleLookup {
  private RoleLookup() {}

  static Fact<RolePolicies> policies(FactCalls calls, AwsClients clients, String roleArn) {
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "role lookup not built yet", null);
  }
}
