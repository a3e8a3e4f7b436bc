package dev.ecsguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.pipeline.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.crac.Core;

/**
 * The Lambda entry point. A stream handler rather than {@code RequestHandler<ScheduledEvent, …>}: with a
 * typed handler a malformed event fails in the runtime's deserializer before ecs-guard can log it and
 * return, and EventBridge would retry it for nothing. Everything is built once per execution environment.
 */
public final class GuardHandler implements RequestStreamHandler {

  static final LogSink LAMBDA_LOG = (level, line) -> LambdaRuntime.getLogger().log(line, switch (level) {
    case INFO -> LogLevel.INFO;
    case WARN -> LogLevel.WARN;
    case ERROR -> LogLevel.ERROR;
  });

  /** The log line's kind when a member role cannot be assumed; the template's metric filter counts it. */
  public static final String MEMBER_ROLE_UNUSABLE = "member-role-unusable";

  private final Pipeline pipeline;
  /** Held here: CRaC keeps its resources by weak reference. */
  private final SnapStartHooks snapStart;

  /** The runtime's constructor: configuration from the function's environment, SnapStart's hooks registered. */
  public GuardHandler() {
    this(new AwsClients(), System.getenv());
  }

  private GuardHandler(AwsClients clients, java.util.Map<String, String> env) {
    this.pipeline = PipelineFactory.forAws(env, clients, LAMBDA_LOG, System.out);
    this.snapStart = new SnapStartHooks(clients, env.getOrDefault("AWS_REGION", "us-east-1"));
    Core.getGlobalContext().register(snapStart);
  }

  /** Tests: any pipeline (moto, offline adapters). */
  public GuardHandler(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.snapStart = null;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Result result;
    try {
      // Never more than the input cap is read: a larger event is skipped as malformed.
      result = pipeline.run(input);
    } catch (TransientAwsException e) {
      // Failing the invocation makes EventBridge retry it, then park it in the dead-letter queue.
      LAMBDA_LOG.log(LogSink.Level.ERROR, Json.write(java.util.Map.of(
          "ecsGuard", "retry", "requestId", context == null ? "" : String.valueOf(context.getAwsRequestId()),
          "reason", String.valueOf(e.getMessage()))));
      throw e;
    } catch (dev.ecsguard.aws.MemberAccessException e) {
      // An event from an account whose member role cannot be assumed: nothing was asked or done there. The invocation
      // fails (the member-role alarm and the errors alarm say so); the event waits in the dead-letter queue for a
      // replay once the member stack is deployed or its trust fixed.
      LAMBDA_LOG.log(LogSink.Level.ERROR, Json.write(java.util.Map.of(
          "ecsGuard", MEMBER_ROLE_UNUSABLE, "account", String.valueOf(e.account()),
          "requestId", context == null ? "" : String.valueOf(context.getAwsRequestId()),
          "reason", String.valueOf(e.getMessage()))));
      throw e;
    } catch (dev.ecsguard.policy.UnusablePolicyException e) {
      // Loud on purpose: the invocation fails (the errors alarm), the event waits in the dead-letter queue.
      LAMBDA_LOG.log(LogSink.Level.ERROR, Json.write(java.util.Map.of(
          "ecsGuard", "policy-unusable", "requestId", context == null ? "" : String.valueOf(context.getAwsRequestId()),
          "reason", String.valueOf(e.getMessage()))));
      throw e;
    }
    output.write(Json.write(result.summary()).getBytes(StandardCharsets.UTF_8));
  }
}
