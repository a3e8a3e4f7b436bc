package dev.ecsguard.model;

import java.util.List;
import java.util.Map;

/** A container's {@code logConfiguration}; {@code logDriver} may be blank when the input is broken. */
public record LogConfiguration(String logDriver, Map<String, String> options, List<SecretReference> secretOptions) {

  public static final String AWSLOGS = "awslogs";

  public boolean isAwslogs() {
    return AWSLOGS.equals(logDriver);
  }

  public String option(String key) {
    return options.get(key);
  }

  /** Option values can hold tokens (splunk-token and the like). */
  @Override
  public String toString() {
    return "LogConfiguration[logDriver=" + logDriver + ", options=" + options.keySet() + "]";
  }
}
