package dev.ecsguard.policy;

import dev.ecsguard.facts.Budget;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Severity;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration from the environment, read once per execution environment. The Lambda and
 * {@code ecs-guard invoke --aws} read the same variables.
 *
 * @param mode {@code ECS_GUARD_MODE}, or null when not set
 * @param enforceSeverity {@code ECS_GUARD_ENFORCE_SEVERITY}, or null when not set
 * @param profile {@code ECS_GUARD_PROFILE}, the profile enforced, or null when not set
 * @param topicArn where alerts go; null means print them (offline)
 * @param policy {@code ECS_GUARD_POLICY}: a policy file's path or an inline document, or null
 * @param policyParameter {@code ECS_GUARD_POLICY_PARAMETER}: an SSM parameter holding a policy, or null
 * @param policyTtl how long a policy read from SSM is used before it is read again
 * @param factCalls at most this many AWS calls per event for each kind of fact the live rules look up
 * @param factTime at most this long per event for live rules' lookups
 */
public record Settings(
    Mode mode, Severity enforceSeverity, Profile profile, String topicArn, String policy, String policyParameter,
    Duration policyTtl, int factCalls, Duration factTime) {

  public static final String MODE = "ECS_GUARD_MODE";
  public static final String ENFORCE_SEVERITY = "ECS_GUARD_ENFORCE_SEVERITY";
  public static final String PROFILE = "ECS_GUARD_PROFILE";
  public static final String TOPIC_ARN = "ECS_GUARD_TOPIC_ARN";
  public static final String POLICY = "ECS_GUARD_POLICY";
  public static final String POLICY_PARAMETER = "ECS_GUARD_POLICY_PARAMETER";
  public static final String POLICY_TTL = "ECS_GUARD_POLICY_TTL_SECONDS";
  public static final String FACT_CALLS = "ECS_GUARD_FACTS_MAX_CALLS";
  public static final String FACT_TIME = "ECS_GUARD_FACTS_MAX_MILLIS";

  static final Duration DEFAULT_POLICY_TTL = Duration.ofMinutes(5);
  public static final int DEFAULT_FACT_CALLS = Budget.DEFAULT.maxCalls();
  public static final Duration DEFAULT_FACT_TIME = Budget.DEFAULT.time();
  /** A day: the policy is read again at least daily (0 reads it for every event). */
  public static final int MAX_POLICY_TTL_SECONDS = 86_400;
  /** Far above any account's lookups for one definition (the default is 60). */
  public static final int MAX_FACT_CALLS = 1000;
  /** A Lambda invocation's longest run, 15 minutes. */
  public static final int MAX_FACT_MILLIS = 900_000;

  /** Mode, threshold and topic only (tests, and callers without a policy source). */
  public Settings(Mode mode, Severity enforceSeverity, String topicArn) {
    this(mode, enforceSeverity, null, topicArn, null, null, DEFAULT_POLICY_TTL, DEFAULT_FACT_CALLS, DEFAULT_FACT_TIME);
  }

  /** Reads the {@code ECS_GUARD_*} variables; a bad value fails with a message naming the variable. */
  public static Settings fromEnvironment(Map<String, String> env) {
    Mode mode = blank(env.get(MODE)) ? null : variable(MODE, () -> Mode.parse(env.get(MODE)));
    Severity threshold = blank(env.get(ENFORCE_SEVERITY))
        ? null : variable(ENFORCE_SEVERITY, () -> Severity.parse(env.get(ENFORCE_SEVERITY)));
    Profile profile = blank(env.get(PROFILE)) ? null : variable(PROFILE, () -> Profile.parse(env.get(PROFILE)));
    String topic = blank(env.get(TOPIC_ARN)) ? null : env.get(TOPIC_ARN).trim();
    if (topic != null && !topic.startsWith("arn:")) {
      throw new IllegalArgumentException(TOPIC_ARN + ": '" + topic + "' is not an SNS topic ARN");
    }
    Duration ttl = Duration.ofSeconds(EnvironmentValues.integer(env, POLICY_TTL, 0, MAX_POLICY_TTL_SECONDS,
        (int) DEFAULT_POLICY_TTL.toSeconds()));
    int factCalls = EnvironmentValues.integer(env, FACT_CALLS, 1, MAX_FACT_CALLS, DEFAULT_FACT_CALLS);
    Duration factTime = Duration.ofMillis(EnvironmentValues.integer(env, FACT_TIME, 1, MAX_FACT_MILLIS,
        (int) DEFAULT_FACT_TIME.toMillis()));
    return new Settings(mode, threshold, profile, topic, blank(env.get(POLICY)) ? null : env.get(POLICY),
        EnvironmentValues.text(env, POLICY_PARAMETER), ttl, factCalls, factTime);
  }

  private static <T> T variable(String name, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
