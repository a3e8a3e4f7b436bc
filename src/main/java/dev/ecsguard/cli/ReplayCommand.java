package dev.ecsguard.cli;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.notify.AlertTopics;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Replays the dead-letter queue through the Lambda's pipeline, once the cause of the failures is fixed.",
        "Runs as invoke --aws does: the standard AWS environment (your credentials) and the function's ECS_GUARD_*",
        "variables (at least one topic). A message is deleted only once its event was evaluated or skipped;",
        "the others stay and reappear after the visibility timeout. One line per message: message id, event id,",
        "where it came from (rule: EventBridge's dead letters, on-failure: Lambda's), result. Never the event.",
        "Exit status: 0 every message replayed (or none), 1 some left in the queue, 2 unusable input or AWS failure."})
public final class ReplayCommand implements Callable<Integer> {

  static final int LEFT_IN_QUEUE = 1;

  /**
   * What the operator running a replay needs on the queue, besides what the pipeline calls (the function's own
   * permissions) and the stack key's use (template parameter OperatorPrincipalArns).
   */
  public static final java.util.List<String> PERMISSIONS = java.util.List.of("sqs:ReceiveMessage", "sqs:DeleteMessage");

  /** {@code https://sqs.<region>.amazonaws.com/...} and the legacy {@code https://<region>.queue.amazonaws.com/...}. */
  private static final Pattern REGION_IN_URL =
      Pattern.compile("^https?://(?:sqs\\.)?([a-z]{2}(?:-[a-z]+)+-\\d+)\\.(?:queue\\.)?amazonaws\\.com");

  @Spec CommandSpec spec;

  @Option(names = "--queue-url", required = true, paramLabel = "URL",
      description = "The dead-letter queue (the stack's output DeadLetterQueueUrl).")
  String queueUrl;

  @Option(names = "--max", defaultValue = "1000", paramLabel = "N",
      description = "At most N messages (default: ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--wait", defaultValue = "10", paramLabel = "SECONDS",
      description = "Long poll of each receive, 0-20 (default: ${DEFAULT-VALUE}); the replay ends when one brings nothing.")
  int waitSeconds;

  @Option(names = "--visibility-timeout", defaultValue = "900", paramLabel = "SECONDS",
      description = "How long a received message stays hidden, longer than the replay (default: ${DEFAULT-VALUE}).")
  int visibilityTimeout;

  @Option(names = "--region", description = "The queue's region (default: from the URL, else AWS_REGION).")
  String region;

  @Option(names = {"-v", "--verbose"}, description = "Print the Lambda's log lines to stderr.")
  boolean verbose;

  private final Map<String, String> env;
  private final Supplier<AwsClients> clients;

  ReplayCommand() {
    this(System.getenv(), AwsClients::new);
  }

  /** Tests: an environment and clients of their own (an emulator). */
  ReplayCommand(Map<String, String> env, Supplier<AwsClients> clients) {
    this.env = env;
    this.clients = clients;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (max < 1) {
      err.println("ecs-guard: --max must be at least 1");
      return EcsGuardCli.UNUSABLE;
    }
    if (waitSeconds < 0 || waitSeconds > AwsClients.LONG_POLL_SECONDS) {
      err.println("ecs-guard: --wait must be 0-" + AwsClients.LONG_POLL_SECONDS);
      return EcsGuardCli.UNUSABLE;
    }
    if (visibilityTimeout < 0 || visibilityTimeout > 43_200) {
      err.println("ecs-guard: --visibility-timeout must be 0-43200 (SQS's limits)");
      return EcsGuardCli.UNUSABLE;
    }
    if (!AlertTopics.fromEnvironment(env).any()) {
      // Without a topic the pipeline would print the alerts here, and nobody else would see them.
      err.println("ecs-guard: set the function's ECS_GUARD_* variables, at least " + AlertTopics.ALERTS
          + " (the stack's output AlertsTopicArn), so that replayed alerts reach the same topics");
      return EcsGuardCli.UNUSABLE;
    }
    String queueRegion = region != null ? region : regionOf(queueUrl, env);
    if (queueRegion == null) {
      err.println("ecs-guard: the queue's region is not in its URL: give --region or set AWS_REGION");
      return EcsGuardCli.UNUSABLE;
    }
    LogSink sink = verbose ? LogSink.stderr() : LogSink.silent();
    try (AwsClients aws = clients.get()) {
      // Alerts go to the topics; stderr only gets what the pipeline would print without one (nothing here).
      Pipeline pipeline = PipelineFactory.forAws(env, aws, sink, System.err);
      DeadLetterReplay.Summary summary = new DeadLetterReplay(aws.sqs(queueRegion), pipeline::run, out)
          .run(queueUrl, max, waitSeconds, visibilityTimeout);
      out.println("ecs-guard replay: " + summary.received() + " received, " + summary.replayed()
          + " replayed and deleted, " + summary.failed() + " left in the queue"
          + (summary.failed() > 0 ? " (they reappear after " + visibilityTimeout + " s)" : ""));
      out.flush();
      return summary.failed() > 0 ? LEFT_IN_QUEUE : EcsGuardCli.OK;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      // Receiving failed (credentials, region, access, KMS): the SDK's message names the setting or the denial.
      err.println("ecs-guard: could not receive from the queue: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    } catch (IllegalArgumentException e) {
      err.println("ecs-guard: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    }
  }

  static String regionOf(String queueUrl, Map<String, String> env) {
    Matcher matcher = REGION_IN_URL.matcher(queueUrl);
    if (matcher.find()) {
      return matcher.group(1);
    }
    String region = env.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      region = env.get("AWS_DEFAULT_REGION");
    }
    return region == null || region.isBlank() ? null : region;
  }
}
