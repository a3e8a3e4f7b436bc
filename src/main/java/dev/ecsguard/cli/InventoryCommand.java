package dev.ecsguard.cli;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description = {
        "Sweeps an account and region's task definition families into ecs-guard's task role inventory (the state",
        "table named by ECS_GUARD_STATE_TABLE), as the stack's scheduled sweep does: to build it at once after a",
        "deploy instead of waiting for the schedule. Paced; resumes where an interrupted sweep stopped.",
        "Exit status: 0 completed, 1 stopped at --max-seconds (run it again to resume), 2 unusable input or AWS failure."})
final class InventoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--aws", required = true, description = "Required: the sweep reads ECS and writes the state table.")
  boolean aws;

  @Option(names = "--account", required = true, paramLabel = "ID", description = "The account (12 digits) swept.")
  String account;

  @Option(names = "--region", paramLabel = "REGION", description = "The region swept (default: AWS_REGION).")
  String region;

  @Option(names = "--calls-per-second", defaultValue = "10", paramLabel = "N",
      description = "ECS calls per second, 1-" + InventorySweep.MAX_CALLS_PER_SECOND + " (default: ${DEFAULT-VALUE}).")
  int callsPerSecond;

  @Option(names = "--max-seconds", defaultValue = "3600", paramLabel = "S",
      description = "Stop after S seconds, keeping where the sweep is (default: ${DEFAULT-VALUE}).")
  long maxSeconds;

  private final Map<String, String> env;
  private final Supplier<AwsClients> clients;

  InventoryCommand() {
    this(System.getenv(), AwsClients::new);
  }

  /** Tests: an environment and clients of their own (an emulator). */
  InventoryCommand(Map<String, String> env, Supplier<AwsClients> clients) {
    this.env = env;
    this.clients = clients;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (!account.matches("\\d{12}")) {
        throw new IllegalArgumentException("--account: '" + account + "' is not a 12-digit account id");
      }
      if (callsPerSecond < 1 || callsPerSecond > InventorySweep.MAX_CALLS_PER_SECOND) {
        throw new IllegalArgumentException("--calls-per-second: " + callsPerSecond + " is not from 1 to "
            + InventorySweep.MAX_CALLS_PER_SECOND);
      }
      if (maxSeconds < 1 || maxSeconds > 86_400) {
        throw new IllegalArgumentException("--max-seconds: " + maxSeconds + " is not from 1 to 86400");
      }
      String swept = region != null ? region : env.get("AWS_REGION");
      if (swept == null || swept.isBlank()) {
        throw new IllegalArgumentException("no region: give --region or set AWS_REGION");
      }
      Map<String, String> withRegion = new HashMap<>(env);
      withRegion.putIfAbsent("AWS_REGION", swept);
      try (AwsClients aws = clients.get()) {
        StateStore state = StateStore.fromEnvironment(withRegion, aws);
        if (!state.persistent()) {
          throw new IllegalArgumentException(StateStore.TABLE + " is not set: name the stack's state table "
              + "(its output StateTableName)");
        }
        InventorySweep.Result result = new InventorySweep(aws, state.roles(), Clock.systemUTC(),
            InventorySweep.Pacer.perSecond(callsPerSecond)).run(account, swept.trim(),
            Instant.now().plusSeconds(maxSeconds));
        out.println("ecs-guard: inventory of " + account + " in " + swept.trim() + ": " + result.families()
            + " families, " + result.calls() + " ECS calls, " + result.note());
        out.flush();
        return result.completed() ? EcsGuardCli.OK : EcsGuardCli.FINDINGS;
      }
    } catch (IllegalArgumentException | TransientAwsException | PermanentAwsException e) {
      err.println("ecs-guard: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      err.println("ecs-guard: AWS is not usable here: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    }
  }
}
