package dev.ecsguard.policy;

/** The policy to apply to the next event: fixed, or refreshed from SSM after a TTL. */
@FunctionalInterface
public interface PolicyProvider {

  ActivePolicy current();

  static PolicyProvider fixed(ActivePolicy policy) {
    return () -> policy;
  }
}
