package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Profile;
import java.nio.file.Path;

/**
 * The CLI's policy: the same layers as the Lambda's ({@code ECS_GUARD_*}), then {@code --policy FILE}, then
 * {@code --profile}.
 * Unlike the Lambda, which keeps reporting with its defaults, the CLI refuses a bad policy outright: a CI
 * job must not pass on a policy nobody could read.
 * Public so the warm-evaluation benchmarks ({@code bench/warm.sh}) measure the policy {@code lint} uses.
 */
public final class CliPolicy {

  private CliPolicy() {}

  /** @throws dev.ecsguard.policy.InvalidPolicyException with the key and the reason */
  public static ActivePolicy load(Path policyFile) {
    return load(policyFile, null);
  }

  /**
   * @param profile {@code --profile}, over every other layer's {@code profile}; null when not given
   * @throws dev.ecsguard.policy.InvalidPolicyException with the key and the reason
   */
  public static ActivePolicy load(Path policyFile, Profile profile) {
    JsonNode layers = PolicyLoader.fromEnvironment(Settings.fromEnvironment(System.getenv()));
    if (policyFile != null) {
      layers = PolicyLoader.merge(layers, PolicyLoader.file(policyFile));
    }
    if (profile != null) {
      layers = PolicyLoader.merge(layers, Json.MAPPER.createObjectNode().put("profile", profile.toString()));
    }
    return ActivePolicy.parse(layers, Catalog.standard());
  }

  /** {@code --profile}'s value, or null when not given. */
  static Profile profileOption(String value) {
    return value == null ? null : Profile.parse(value);
  }
}
