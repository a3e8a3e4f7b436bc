package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;

/** Placeholder until the image lookup is written. */
final class ImageLookup {
  private ImageLookup() {}

  static Fact<Long> size(FactCalls calls, AwsClients clients, String region, String account, String repository,
      String reference) {
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "image lookup not built yet", null);
  }
}
