package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.InvalidTaskDefinitionException;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.notify.JsonReport;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.TextReport;
import dev.ecsguard.notify.UntrustedText;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.InvalidPolicyException;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
        "Checks task definition files: the API shape, or `aws ecs describe-task-definition` output.",
        "Exit status: 0 nothing reaches --fail-on, 1 something does, 2 unusable input."})
final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Task definition JSON files; - reads standard input.")
  List<Path> files;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--region", description = "The region of definitions without a taskDefinitionArn (default: "
      + "AWS_REGION); a definition's own ARN names its region, and wins.")
  String region;

  @Option(names = "--fail-on", defaultValue = "HIGH", description = "Lowest severity that fails (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--policy", paramLabel = "FILE", description = "A policy file (YAML or JSON) on top of the defaults "
      + "and ECS_GUARD_POLICY: rules, severities, parameters, exemptions.")
  Path policyFile;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Severity threshold;
    PrintingNotifier.Format outputFormat;
    ActivePolicy policy;
    try {
      threshold = Severity.parse(failOn);
      outputFormat = Formats.parse(format);
      policy = CliPolicy.load(policyFile);
    } catch (IllegalArgumentException | InvalidPolicyException e) {
      err.println("ecs-guard: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    }
    Catalog catalog = Catalog.standard();
    PrintingNotifier printer = new PrintingNotifier(System.out, outputFormat, new TextReport(catalog));
    ArrayNode jsonReports = Json.MAPPER.createArrayNode();
    boolean unusable = false;
    boolean failing = false;
    for (Path file : files) {
      Report report;
      try {
        report = lint(file, policy);
      } catch (Inputs.UnusableInputException | InvalidTaskDefinitionException e) {
        // The message may quote the file (a parser's excerpt, a field's value): nothing raw reaches the terminal.
        err.println("ecs-guard: " + UntrustedText.forText(
            (e instanceof InvalidTaskDefinitionException ? Inputs.name(file) + ": " : "") + e.getMessage()));
        unusable = true;
        continue;
      }
      failing |= report.evaluation().highestSeverity().filter(s -> s.atLeast(threshold)).isPresent();
      if (outputFormat == PrintingNotifier.Format.JSON) {
        jsonReports.add(JsonReport.tree(report).put("file", file.toString()));
      } else {
        System.out.println("== " + UntrustedText.forText(Inputs.name(file)));
        printer.publish(report);
        System.out.println();
      }
    }
    if (outputFormat == PrintingNotifier.Format.JSON) {
      System.out.println(JsonReport.writePretty(jsonReports));
    }
    System.out.flush();
    return unusable ? EcsGuardCli.UNUSABLE : failing ? EcsGuardCli.FINDINGS : EcsGuardCli.OK;
  }

  private Report lint(Path file, ActivePolicy policy) throws Inputs.UnusableInputException {
    JsonNode root = Inputs.json(file);
    if (root.has("detail-type") || root.has("detail")) {
      throw new Inputs.UnusableInputException(Inputs.name(file) + ": this is an EventBridge event; use `ecs-guard invoke`");
    }
    TaskDefinition definition = TaskDefinitions.fromJson(root);
    Optional<TaskDefinitionArn> arn = definition.parsedArn();
    if (region != null && arn.isPresent() && !arn.get().region().equals(region.trim())) {
      spec.commandLine().getErr().println("ecs-guard: " + UntrustedText.forText(Inputs.name(file)
          + ": its ARN places it in " + arn.get().region() + ", which wins over --region " + region.trim()));
    }
    Subject subject = Subject.of(definition, region != null ? region.trim() : System.getenv("AWS_REGION"));
    Evaluation evaluation = policy.evaluate(subject, LocalDate.now(ZoneOffset.UTC));
    return new Report(Optional.empty(), subject, evaluation, policy.mode(), Outcome.none("lint only reports"));
  }
}
