package dev.ecsguard.rule;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rule with parameters users set in the policy (allowed registries, resource floors, required tags…).
 * The rule stays pure: {@link #configure} returns a new instance holding the parameters, built once when
 * the policy is loaded, never per event.
 */
public interface Configurable {

  /**
   * This rule with the given parameters (an object; keys not given keep their defaults).
   *
   * @throws InvalidParameterException naming the key and what is wrong with it
   */
  Rule configure(JsonNode parameters);

  /** The parameters in force, as the policy would write them: documentation and `rules --format json`. */
  JsonNode parameters();

  /** A parameter that cannot be used: the message names the key and the reason, never a secret. */
  final class InvalidParameterException extends IllegalArgumentException {
    public InvalidParameterException(String key, String reason) {
      super(key + ": " + reason);
    }
  }
}
