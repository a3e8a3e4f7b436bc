package dev.ecsguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar ecs-guard.jar}: the same rules as the Lambda, offline or against AWS. */
@Command(
    name = "ecs-guard",
    mixinStandardHelpOptions = true,
    versionProvider = EcsGuardCli.Version.class,
    description = "Admission control for Amazon ECS task definitions.",
    subcommands = {LintCommand.class, InvokeCommand.class, RulesCommand.class, ReplayCommand.class,
        InventoryCommand.class, ScanCommand.class, CommandLine.HelpCommand.class})
public final class EcsGuardCli {

  /** Exit codes shared by every command. */
  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int UNUSABLE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; never prints a stack trace. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new EcsGuardCli());
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // Messages of our own exceptions name fields and files, never values.
      cmd.getErr().println("ecs-guard: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return UNUSABLE;
    });
    return commandLine.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ecs-guard " + dev.ecsguard.build.BuildInfo.CURRENT};
    }
  }
}
