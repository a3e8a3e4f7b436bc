package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Placeholder until the inventory lookup is written. */
final class InventoryLookup {
  private InventoryLookup() {}

  static Fact<List<String>> familiesUsingTaskRole(FactCalls calls, AwsClients clients, FactCache cache,
      AtomicInteger cacheHits, String region, String roleArn, String exceptFamily) {
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "inventory lookup not built yet", null);
  }
}
