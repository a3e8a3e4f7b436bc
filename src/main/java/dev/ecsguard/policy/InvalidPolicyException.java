package dev.ecsguard.policy;

/** The policy cannot be used: the message names the key and the reason. */
public final class InvalidPolicyException extends RuntimeException {

  private final String key;

  public InvalidPolicyException(String key, String reason) {
    super("policy " + (key.isEmpty() ? "document" : "key '" + key + "'") + ": " + reason);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
