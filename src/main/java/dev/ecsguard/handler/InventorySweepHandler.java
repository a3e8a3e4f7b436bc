package dev.ecsguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.state.StateStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The inventory sweep's Lambda entry point, on its own schedule and with its own 15-minute timeout: never inside an
 * event's budget. It sweeps the function's own account and region until done or until a minute before the timeout
 * (the next run resumes where it stopped). The input is ignored: whoever may invoke it can only make it sweep.
 */
public final class InventorySweepHandler implements RequestStreamHandler {

  /** Left for saving where the sweep is and answering, before Lambda's timeout. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final AwsClients clients;
  private final StateStore state;
  private final double callsPerSecond;

  public InventorySweepHandler() {
    this(new AwsClients(), System.getenv());
  }

  InventorySweepHandler(AwsClients clients, Map<String, String> env) {
    this.clients = clients;
    this.state = StateStore.fromEnvironment(env, clients);
    if (!state.persistent()) {
      throw new IllegalStateException(StateStore.TABLE + " is not set: a sweep has nowhere to keep the inventory");
    }
    this.callsPerSecond = SweepPace.fromEnvironment(env);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
    // arn:aws:lambda:<region>:<account>:function:<name>[:alias]
    String[] arn = context.getInvokedFunctionArn().split(":");
    String region = arn[3];
    String account = arn[4];
    Instant deadline = Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
    InventorySweep.Result result = new InventorySweep(clients, state.roles(), Clock.systemUTC(),
        InventorySweep.Pacer.perSecond(callsPerSecond)).run(account, region, deadline);
    String line = Json.write(Map.of("ecsGuard", "inventory-sweep", "account", account, "region", region,
        "families", result.families(), "calls", result.calls(), "completed", result.completed(),
        "note", result.note()));
    LambdaRuntime.getLogger().log(line, LogLevel.INFO);
    output.write(line.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code ECS_GUARD_SWEEP_CALLS_PER_SECOND}: 1 to {@value InventorySweep#MAX_CALLS_PER_SECOND}, default 10. */
  static final class SweepPace {
    static final String VARIABLE = "ECS_GUARD_SWEEP_CALLS_PER_SECOND";

    static double fromEnvironment(Map<String, String> env) {
      String text = env.get(VARIABLE);
      if (text == null || text.isBlank()) {
        return InventorySweep.DEFAULT_CALLS_PER_SECOND;
      }
      try {
        int value = Integer.parseInt(text.trim());
        if (value >= 1 && value <= InventorySweep.MAX_CALLS_PER_SECOND) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(VARIABLE + ": '" + text.trim() + "' is not a whole number from 1 to "
          + InventorySweep.MAX_CALLS_PER_SECOND);
    }
  }
}
