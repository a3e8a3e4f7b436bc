package dev.ecsguard.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** {@code arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>}. */
public record TaskDefinitionArn(String partition, String region, String account, String family, int revision) {

  /**
   * The grammar {@link #parse} reads without the regex (it runs on every evaluation); TaskDefinitionArnLoopsTest
   * keeps the two in step.
   */
  static final Pattern ARN = Pattern.compile(
      "arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\\d{12}):task-definition/([A-Za-z0-9_-]{1,255}):(\\d+)");

  private static final String TASK_DEFINITION = "task-definition/";

  public static Optional<TaskDefinitionArn> parse(String text) {
    if (text == null || !text.startsWith("arn:aws")) {
      return Optional.empty();
    }
    // No field but the last may hold ':', so each ends at the next one.
    int partitionEnd = text.indexOf(':', 4);
    if (partitionEnd < 0 || !all(text, 7, partitionEnd, "abcdefghijklmnopqrstuvwxyz-")
        || !text.startsWith(":ecs:", partitionEnd)) {
      return Optional.empty();
    }
    int regionStart = partitionEnd + 5;
    int regionEnd = text.indexOf(':', regionStart);
    if (regionEnd <= regionStart || !all(text, regionStart, regionEnd, "abcdefghijklmnopqrstuvwxyz0123456789-")) {
      return Optional.empty();
    }
    int accountStart = regionEnd + 1;
    int accountEnd = accountStart + 12;
    if (accountEnd >= text.length() || text.charAt(accountEnd) != ':' || !all(text, accountStart, accountEnd, DIGITS)
        || !text.startsWith(TASK_DEFINITION, accountEnd + 1)) {
      return Optional.empty();
    }
    int familyStart = accountEnd + 1 + TASK_DEFINITION.length();
    int familyEnd = text.indexOf(':', familyStart);
    if (familyEnd <= familyStart || familyEnd - familyStart > 255
        || !all(text, familyStart, familyEnd, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        || familyEnd + 1 >= text.length() || !all(text, familyEnd + 1, text.length(), DIGITS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TaskDefinitionArn(text.substring(4, partitionEnd), text.substring(regionStart, regionEnd),
          text.substring(accountStart, accountEnd), text.substring(familyStart, familyEnd),
          Integer.parseInt(text, familyEnd + 1, text.length(), 10)));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  private static final String DIGITS = "0123456789";

  /** Whether every character of {@code text[from, to)} is one of {@code allowed}. */
  private static boolean all(String text, int from, int to, String allowed) {
    for (int i = from; i < to; i++) {
      if (allowed.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "arn:" + partition + ":ecs:" + region + ":" + account + ":task-definition/" + family + ":" + revision;
  }
}
