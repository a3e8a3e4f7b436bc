package dev.ecsguard.cli;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.model.InvalidTaskDefinitionException;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.TextReport;
import dev.ecsguard.notify.UntrustedText;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.pipeline.Result;
import dev.ecsguard.policy.InvalidPolicyException;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the Lambda's pipeline on an EventBridge event file (see events/).",
        "Offline by default: the definition comes from the event, the report is printed, nothing is changed.",
        "With --aws: exactly as the Lambda, from the standard AWS environment (AWS_REGION, credentials,",
        "AWS_ENDPOINT_URL) and the ECS_GUARD_* variables; alerts go to the topics set, if any.",
        "Either way the event's report is printed: the alert text, or the report JSON with --format json.",
        "Exit status: 0 nothing in the enforced profile reaches --fail-on, 1 something does, 2 unusable input or",
        "AWS failure."})
final class InvokeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "EVENT", description = "An EventBridge event file; - reads standard input.")
  Path event;

  @Option(names = "--aws", description = "Resolve, enforce and notify against AWS, as the Lambda does.")
  boolean aws;

  @Option(names = "--task-definition", paramLabel = "FILE",
      description = "Offline: the task definition a RunTask event names (events do not carry it).")
  Path taskDefinition;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--fail-on", defaultValue = "HIGH", description = "Lowest severity that fails, or none: "
      + "findings never fail (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Offline: a policy file on top of the defaults and ECS_GUARD_POLICY.")
  Path policyFile;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Offline: baseline or restricted (includes "
      + "baseline), the profile enforced and counted toward --fail-on, over the policy's (default: baseline).")
  String profile;

  @Option(names = {"-v", "--verbose"}, description = "Print the Lambda's log line to stderr.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Text: only the report's summary line.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    LogSink sink = verbose ? LogSink.stderr() : LogSink.silent();
    try {
      Optional<Severity> threshold = FailOn.parse(failOn);
      PrintingNotifier.Format outputFormat = Formats.parse(format);
      if (quiet && outputFormat == PrintingNotifier.Format.JSON) {
        throw new IllegalArgumentException("--quiet shapes the text output; --format json always prints the report");
      }
      byte[] raw = Inputs.bytes(event);
      if (aws && policyFile != null) {
        throw new IllegalArgumentException("--policy is for offline runs; with --aws the policy comes from "
            + "ECS_GUARD_POLICY and ECS_GUARD_POLICY_PARAMETER, exactly as in the Lambda");
      }
      if (aws && profile != null) {
        throw new IllegalArgumentException("--profile is for offline runs; with --aws the profile comes from "
            + "ECS_GUARD_PROFILE and the policy, exactly as in the Lambda");
      }
      dev.ecsguard.rule.Profile profileOverride = CliPolicy.profileOption(profile);
      AtomicReference<Report> evaluated = new AtomicReference<>();
      Result result;
      if (aws) {
        try (AwsClients clients = new AwsClients()) {
          result = PipelineFactory.forInvoke(System.getenv(), clients, sink, System.out, evaluated::set).run(raw);
        }
      } else {
        Optional<TaskDefinition> given = taskDefinition == null
            ? Optional.empty() : Optional.of(TaskDefinitions.fromJson(Inputs.json(taskDefinition)));
        result = PipelineFactory.offline(CliPolicy.load(policyFile, profileOverride), given, evaluated::set, sink).run(raw);
      }
      return exitCode(result, Optional.ofNullable(evaluated.get()), outputFormat, threshold, err);
    } catch (Inputs.UnusableInputException | InvalidTaskDefinitionException | IllegalArgumentException
        | InvalidPolicyException | dev.ecsguard.policy.UnusablePolicyException e) {
      // The message may quote the event or the definition: nothing raw reaches the terminal.
      err.println("ecs-guard: " + UntrustedText.forText(e.getMessage()));
      return EcsGuardCli.UNUSABLE;
    } catch (TransientAwsException | PermanentAwsException | dev.ecsguard.aws.MemberAccessException e) {
      err.println("ecs-guard: " + UntrustedText.forText(e.getMessage()));
      return EcsGuardCli.UNUSABLE;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      // Missing region or credentials: the SDK's message says which setting is missing.
      err.println("ecs-guard: AWS is not usable here: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    }
  }

  /**
   * Prints the event's report, the same offline and with --aws, topics or not (with topics the alerts went out
   * too): text, its summary line alone with --quiet, or the report JSON.
   */
  private int exitCode(Result result, Optional<Report> report, PrintingNotifier.Format outputFormat,
      Optional<Severity> threshold, PrintWriter err) {
    switch (result.status()) {
      case SKIPPED:
        System.out.println("ecs-guard: skipped: " + UntrustedText.forText(result.detail()));
        return EcsGuardCli.OK;
      case UNUSABLE:
        err.println("ecs-guard: " + UntrustedText.forText(result.detail()));
        return EcsGuardCli.UNUSABLE;
      default:
        System.err.flush();
        report.ifPresent(evaluated -> print(evaluated, outputFormat));
        return FailOn.reached(result.highestInProfile(), threshold) ? EcsGuardCli.FINDINGS : EcsGuardCli.OK;
    }
  }

  private void print(Report report, PrintingNotifier.Format outputFormat) {
    TextReport text = new TextReport(Catalog.standard());
    if (quiet) {
      System.out.println(report.hasFindings() ? text.summaryLine(report) : PrintingNotifier.noFindingsLine(report));
    } else {
      new PrintingNotifier(System.out, outputFormat, text).publish(report);
    }
    System.out.flush();
  }
}
