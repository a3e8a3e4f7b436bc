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
import dev.ecsguard.notify.JUnitReport;
import dev.ecsguard.notify.JsonReport;
import dev.ecsguard.notify.LintText;
import dev.ecsguard.notify.LintedDefinition;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.SarifReport;
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
import java.util.ArrayList;
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
        "Prints one line per finding, grouped by file; each rule's why and fix once at the end; one summary line.",
        "Exit status: 0 nothing reaches --fail-on, 1 something does, 2 unusable input."})
final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Task definition JSON files; - reads standard input.")
  List<Path> files;

  @Option(names = "--format", defaultValue = "text", description = "text, json, sarif (GitHub code scanning) or junit "
      + "(CI test reports) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--region", description = "The region of definitions without a taskDefinitionArn (default: "
      + "AWS_REGION); a definition's own ARN names its region, and wins.")
  String region;

  @Option(names = "--fail-on", defaultValue = "HIGH", description = "Lowest severity that fails, or none: "
      + "findings never fail (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--policy", paramLabel = "FILE", description = "A policy file (YAML or JSON) on top of the defaults "
      + "and ECS_GUARD_POLICY: rules, severities, parameters, exemptions.")
  Path policyFile;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "baseline or restricted (includes baseline): "
      + "the findings that count toward --fail-on; the others are shown, not counted (default: the policy's, "
      + "baseline).")
  String profile;

  @Option(names = {"-q", "--quiet"}, description = "Text: only the summary line.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Text: also the files without findings and the exempted findings.")
  boolean verbose;

  @Option(names = "--explain", description = "Text: why, how to fix and docs under every finding, not once per rule "
      + "at the end.")
  boolean explain;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Severity> threshold;
    Formats.Lint outputFormat;
    ActivePolicy policy;
    try {
      threshold = FailOn.parse(failOn);
      outputFormat = Formats.lint(format);
      checkTextOptions(outputFormat);
      policy = CliPolicy.load(policyFile, CliPolicy.profileOption(profile));
    } catch (IllegalArgumentException | InvalidPolicyException e) {
      err.println("ecs-guard: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    }
    LintText text = new LintText(Catalog.standard(), threshold,
        quiet ? LintText.Detail.QUIET : verbose ? LintText.Detail.VERBOSE : LintText.Detail.NORMAL, explain);
    ArrayNode jsonReports = Json.MAPPER.createArrayNode();
    List<LintedDefinition> linted = new ArrayList<>();
    boolean unusable = false;
    boolean failing = false;
    for (Path file : files) {
      LintedDefinition definition;
      try {
        definition = lint(file, policy);
      } catch (Inputs.UnusableInputException | InvalidTaskDefinitionException e) {
        // The message may quote the file (a parser's excerpt, a field's value): nothing raw reaches the terminal.
        err.println("ecs-guard: " + UntrustedText.forText(
            (e instanceof InvalidTaskDefinitionException ? Inputs.name(file) + ": " : "") + e.getMessage()));
        err.flush();
        text.unusable();
        unusable = true;
        continue;
      }
      Report report = definition.report();
      failing |= text.fails(report);
      linted.add(definition);
      if (outputFormat == Formats.Lint.JSON) {
        jsonReports.add(JsonReport.tree(report).put("file", file.toString()));
      } else if (outputFormat == Formats.Lint.TEXT) {
        System.out.print(text.file(Inputs.name(file), report));
        System.out.flush();
      }
    }
    System.out.print(switch (outputFormat) {
      case JSON -> JsonReport.writePretty(jsonReports) + "\n";
      case SARIF -> new SarifReport(policy.catalog(), Path.of("")).render(linted) + "\n";
      case JUNIT -> new JUnitReport(policy.catalog(), threshold).render(linted);
      case TEXT -> text.end();
    });
    System.out.flush();
    return unusable ? EcsGuardCli.UNUSABLE : failing ? EcsGuardCli.FINDINGS : EcsGuardCli.OK;
  }

  /** The options that shape the text for people mean nothing to the other formats, which hold every finding. */
  private void checkTextOptions(Formats.Lint outputFormat) {
    if (quiet && verbose) {
      throw new IllegalArgumentException("--quiet and --verbose contradict each other: choose one");
    }
    if (outputFormat != Formats.Lint.TEXT && (quiet || verbose || explain)) {
      throw new IllegalArgumentException("--quiet, --verbose and --explain shape the text output; "
          + "--format " + outputFormat.name().toLowerCase(java.util.Locale.ROOT) + " always writes every finding");
    }
  }

  private LintedDefinition lint(Path file, ActivePolicy policy) throws Inputs.UnusableInputException {
    byte[] bytes = Inputs.bytes(file);
    JsonNode root = Inputs.json(file, bytes);
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
    Report report = new Report(Optional.empty(), subject, evaluation, policy.mode(), policy.document().profile(),
        Outcome.none("lint only reports"));
    String prefix = root.path("taskDefinition").isObject() ? "/taskDefinition" : "";
    return new LintedDefinition(file.toString(), null, JsonSourceLines.of(bytes, prefix), report);
  }
}
