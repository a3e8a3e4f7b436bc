package dev.ecsguard.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>}. */
public record TaskDefinitionArn(String partition, String region, String account, String family, int revision) {

  private static final Pattern ARN = Pattern.compile(
      "arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\\d{12}):task-definition/([A-Za-z0-9_-]{1,255}):(\\d+)");

  public static Optional<TaskDefinitionArn> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = ARN.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TaskDefinitionArn(m.group(1), m.group(2), m.group(3), m.group(4),
          Integer.parseInt(m.group(5))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "arn:" + partition + ":ecs:" + region + ":" + account + ":task-definition/" + family + ":" + revision;
  }
}
