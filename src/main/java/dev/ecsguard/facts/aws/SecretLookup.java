package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import java.util.Optional;

/** Placeholder until the secret lookup is written. */
final class SecretLookup {
  private SecretLookup() {}

  static Fact<Optional<String>> kmsKey(FactCalls calls, AwsClients clients, String region, String arn) {
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "secret lookup not built yet", null);
  }
}
