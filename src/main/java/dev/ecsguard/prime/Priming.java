package dev.ecsguard.prime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.pipeline.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs a bundled non-compliant registration through the Lambda's whole pipeline without calling AWS: the
 * SDK clients answer from canned replies ({@link CannedAws}), the alerts go to three topics that exist
 * nowhere, and everything is thrown away. What stays is loaded and initialised: the rule classes, Jackson,
 * the SDK's marshallers, signers, endpoint rules and unmarshallers, the renderers.
 *
 * <p>Two users: the SnapStart hook before the snapshot ({@code handler/SnapStartHooks}), and the build's
 * AppCDS training run ({@code cli/AppCdsTraining}, off the Lambda's path), whose loaded classes become
 * {@code target/ecs-guard.jsa}.
 */
public final class Priming {

  /** The sample event, copied into the jar from {@code events/} by the build. */
  static final String SAMPLE_EVENT = "/dev/ecsguard/prime/register-task-definition-noncompliant.json";
  private static final String PRIMING_ACCOUNT = "123456789012";

  private Priming() {}

  /**
   * What priming did.
   *
   * @param result the pipeline's result: EVALUATED when the whole path ran
   * @param cannedReplies the AWS requests answered from canned replies, none sent anywhere
   */
  public record Primed(Result result, java.util.List<String> cannedReplies) {}

  /**
   * One event through {@link dev.ecsguard.pipeline.PipelineFactory#forAws} in audit mode, against canned replies.
   *
   * @param region the region to prime in (the function's): endpoint rules and clients are per region
   */
  public static Primed prime(String region) {
    byte[] event = sampleEvent(region);
    ObjectNode definition = definitionOf(event).deepCopy();
    // CloudTrail writes timestamps as text, the API as epoch seconds: the reply leaves them out.
    definition.remove(java.util.List.of("registeredAt", "deregisteredAt"));
    String describeReply = Json.write(Map.of("taskDefinition", definition, "tags", java.util.List.of()));
    String topics = "arn:aws:sns:" + region + ":" + PRIMING_ACCOUNT + ":ecs-guard-priming-";
    Map<String, String> environment = Map.of(
        "AWS_REGION", region,
        "ECS_GUARD_TOPIC_ARN", topics + "alerts",
        "ECS_GUARD_REPORT_TOPIC_ARN", topics + "reports",
        "ECS_GUARD_CHATBOT_TOPIC_ARN", topics + "chat",
        "ECS_GUARD_METRICS", "emf");
    CannedAws aws = new CannedAws(describeReply);
    try (AwsClients canned = new AwsClients(null,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "PRIMING")), () -> aws);
        PrintStream discarded = new PrintStream(OutputStream.nullOutputStream())) {
      Result result = PipelineFactory.forAws(environment, canned, LogSink.silent(), discarded).run(event);
      return new Primed(result, aws.answered());
    }
  }

  /** The task definition of an event built by {@link #sampleEvent}. */
  public static JsonNode definitionOf(byte[] event) {
    try {
      return Json.MAPPER.readTree(event).path("detail").path("responseElements").path("taskDefinition");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample registration, set in the region being primed. */
  public static byte[] sampleEvent(String region) {
    try (InputStream in = Priming.class.getResourceAsStream(SAMPLE_EVENT)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + SAMPLE_EVENT);
      }
      ObjectNode event = (ObjectNode) Json.MAPPER.readTree(in.readAllBytes());
      event.put("region", region);
      ((ObjectNode) event.path("detail")).put("awsRegion", region);
      ObjectNode definition = (ObjectNode) event.path("detail").path("responseElements").path("taskDefinition");
      definition.put("taskDefinitionArn", definition.path("taskDefinitionArn").asText()
          .replaceFirst("^arn:aws:ecs:[^:]+:", "arn:aws:ecs:" + region + ":"));
      return Json.write(event).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
