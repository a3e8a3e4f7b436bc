package dev.ecsguard.policy;

import dev.ecsguard.rule.Severity;
import java.util.Map;

/**
 * Configuration from the environment, read once per execution environment. The Lambda and
 * {@code ecs-guard invoke --aws} read the same variables.
 *
 * @param topicArn where alerts go; null means print them (offline)
 */
public record Settings(Mode mode, Severity enforceSeverity, String topicArn) {

  public static final String MODE = "ECS_GUARD_MODE";
  public static final String ENFORCE_SEVERITY = "ECS_GUARD_ENFORCE_SEVERITY";
  public static final String TOPIC_ARN = "ECS_GUARD_TOPIC_ARN";

  public static final Settings DEFAULTS = new Settings(Mode.AUDIT, Severity.HIGH, null);

  /** Reads the {@code ECS_GUARD_*} variables; a bad value fails with a message naming the variable. */
  public static Settings fromEnvironment(Map<String, String> env) {
    try {
      Mode mode = blank(env.get(MODE)) ? DEFAULTS.mode() : Mode.parse(env.get(MODE));
      Severity threshold = blank(env.get(ENFORCE_SEVERITY))
          ? DEFAULTS.enforceSeverity() : Severity.parse(env.get(ENFORCE_SEVERITY));
      String topic = blank(env.get(TOPIC_ARN)) ? null : env.get(TOPIC_ARN).trim();
      if (topic != null && !topic.startsWith("arn:")) {
        throw new IllegalArgumentException("'" + topic + "' is not an SNS topic ARN");
      }
      return new Settings(mode, threshold, topic);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid ecs-guard configuration (" + MODE + ", " + ENFORCE_SEVERITY
          + ", " + TOPIC_ARN + "): " + e.getMessage(), e);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
