package dev.ecsguard.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>}. */
public record TaskDefinitionArn(String partition, String region, String account, String family, int revision) {

  private static final Pattern ARN = Pattern.compile(
      "arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\\d{12}):task-definition/([A-Za-z0-9_-]{1,255}):(\\d+)");

  public static Optional<TaskDefinitionArn> parse(String text) {
    Matcher arn = ARN.matcher(text == null ? "" : text);
    if (!arn.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TaskDefinitionArn(arn.group(1), arn.group(2), arn.group(3), arn.group(4),
          Integer.parseInt(arn.group(5))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "arn:" + partition + ":ecs:" + region + ":" + account + ":task-definition/" + family + ":" + revision;
  }
}
