package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Catalog;
import java.nio.file.Path;

/**
 * The CLI's policy: the same layers as the Lambda's ({@code ECS_GUARD_*}), then {@code --policy FILE}.
 * Unlike the Lambda, which keeps reporting with its defaults, the CLI refuses a bad policy outright: a CI
 * job must not pass on a policy nobody could read.
 * Public so the warm-evaluation benchmarks ({@code bench/warm.sh}) measure the policy {@code lint} uses.
 */
public final class CliPolicy {

  private CliPolicy() {}

  /** @throws dev.ecsguard.policy.InvalidPolicyException with the key and the reason */
  public static ActivePolicy load(Path policyFile) {
    JsonNode layers = PolicyLoader.fromEnvironment(Settings.fromEnvironment(System.getenv()));
    if (policyFile != null) {
      layers = PolicyLoader.merge(layers, PolicyLoader.file(policyFile));
    }
    return ActivePolicy.parse(layers, Catalog.standard());
  }
}
