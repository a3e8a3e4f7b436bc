package dev.ecsguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** {@link TaskDefinitionArn#parse} reads the ARN by hand; the regex it stands for must agree. */
class TaskDefinitionArnLoopsTest {

  @Test
  void parseIsTheArnRegex() {
    List<String> seeds = List.of("arn:aws:ecs:us-east-1:123456789012:task-definition/legacy-worker:3",
        "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/a:1", "arn:aws-us-gov:ecs:x:123456789012:task-definition/a_B-1:0",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/a:99999999999", "arn:aws:ecs::123456789012:task-definition/a:1",
        "arn:aws:ecs:us-east-1:12345678901:task-definition/a:1", "arn:aws:ecs:us-east-1:123456789012:task-definition/:1",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/a:", "arn:aws:ecs:us-east-1:123456789012:task-definition/a:1:2",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/" + "f".repeat(255) + ":1",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/" + "f".repeat(256) + ":1",
        "arn:aws1:ecs:us-east-1:123456789012:task-definition/a:1", "arn:aws:ecs:US:123456789012:task-definition/a:1",
        "arn:aws:ecs:us-east-1:123456789012:task/a:1", "", "arn:aws", "arn:aws:ecs:");
    for (String seed : seeds) {
      check(seed);
    }
    Random random = new Random(19);
    String[] parts = {"arn:", "aws", "-cn", ":", "ecs", "us-east-1", "123456789012", "1234", "task-definition/", "a",
        "_", "B", "7", "0", "99999999999", "/", "x:"};
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "" : "arn:aws");
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(parts[random.nextInt(parts.length)]);
      }
      check(text.toString());
    }
  }

  private static void check(String text) {
    Matcher m = TaskDefinitionArn.ARN.matcher(text);
    Optional<TaskDefinitionArn> expected = Optional.empty();
    if (m.matches()) {
      try {
        expected = Optional.of(new TaskDefinitionArn(m.group(1), m.group(2), m.group(3), m.group(4),
            Integer.parseInt(m.group(5))));
      } catch (NumberFormatException tooLarge) {
        expected = Optional.empty();
      }
    }
    assertEquals(expected, TaskDefinitionArn.parse(text), text);
  }
}
