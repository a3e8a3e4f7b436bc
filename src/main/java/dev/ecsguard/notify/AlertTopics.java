package dev.ecsguard.notify;

import dev.ecsguard.policy.EnvironmentValues;
import dev.ecsguard.policy.Settings;
import java.util.Map;

/**
 * Where each form of an alert goes: one SNS topic per form, each message String-structured so that its
 * message attributes reach every subscription's filter policy (README, "The alert").
 *
 * @param alerts {@value #ALERTS}: the text for people (email), or null
 * @param reports {@value #REPORTS}: the JSON report ({@value JsonReport#SCHEMA}) for queues and functions, or null
 * @param chatbot {@value #CHATBOT}: the AWS Chatbot custom notification (Slack, Teams), or null
 */
public record AlertTopics(String alerts, String reports, String chatbot) {

  public static final String ALERTS = Settings.TOPIC_ARN;
  public static final String REPORTS = "ECS_GUARD_REPORT_TOPIC_ARN";
  public static final String CHATBOT = "ECS_GUARD_CHATBOT_TOPIC_ARN";

  /** Reads the three variables; a value that is not an SNS topic ARN fails with a message naming it. */
  public static AlertTopics fromEnvironment(Map<String, String> env) {
    return new AlertTopics(arn(env, ALERTS), arn(env, REPORTS), arn(env, CHATBOT));
  }

  /** Whether any topic is set (else the report is printed). */
  public boolean any() {
    return alerts != null || reports != null || chatbot != null;
  }

  /** The regions of the topics set, each once. */
  public java.util.Set<String> regions() {
    java.util.Set<String> regions = new java.util.TreeSet<>();
    for (String topic : new String[] {alerts, reports, chatbot}) {
      if (topic != null) {
        regions.add(topic.split(":")[3]);
      }
    }
    return regions;
  }

  private static String arn(Map<String, String> env, String name) {
    String value = EnvironmentValues.text(env, name);
    if (value == null) {
      return null;
    }
    String[] parts = value.split(":", -1);
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sns") || parts[5].isEmpty()) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not an SNS topic ARN");
    }
    return value;
  }
}
