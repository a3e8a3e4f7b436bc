package dev.ecsguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.aws.AwsClients;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lambda's pipeline, and {@code invoke --aws}'s, refuses every invalid {@code ECS_GUARD_*} value as it is
 * built (the Lambda's init; the CLI's exit 2) in one line naming the variable, before any AWS call.
 */
class AwsConfigurationTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "ECS_GUARD_POLICY_TTL_SECONDS=-5", "ECS_GUARD_POLICY_TTL_SECONDS=99999999999999999999",
      "ECS_GUARD_FACTS_MAX_CALLS=-1", "ECS_GUARD_FACTS_MAX_CALLS=1e9", "ECS_GUARD_FACTS_MAX_MILLIS=2147483648",
      "ECS_GUARD_MODE=bogus", "ECS_GUARD_ENFORCE_SEVERITY=extreme", "ECS_GUARD_TOPIC_ARN=arn:aws:sqs:x",
      "ECS_GUARD_REPORT_TOPIC_ARN=reports", "ECS_GUARD_CHATBOT_TOPIC_ARN=arn:aws:sns:us-east-1:1:",
      "ECS_GUARD_RUN_TASK_ACTION=kill", "ECS_GUARD_SAFETY_VALVE=0/1h", "ECS_GUARD_SAFETY_VALVE=5/0s",
      "ECS_GUARD_SAFETY_VALVE=99999/1h", "ECS_GUARD_SAFETY_VALVE=-5/1h", "ECS_GUARD_METRICS=on"})
  void anInvalidValueFailsInOneLineNamingTheVariable(String assignment) {
    String[] parts = assignment.split("=", 2);
    try (AwsClients clients = new AwsClients()) {
      IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> PipelineFactory.forAws(
          Map.of(parts[0], parts[1]), clients, LogSink.silent(), new PrintStream(OutputStream.nullOutputStream())));
      assertTrue(failure.getMessage().startsWith(parts[0] + ": "), failure.getMessage());
      assertEquals(1, failure.getMessage().lines().count(), failure.getMessage());
    }
  }
}
