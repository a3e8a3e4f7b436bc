package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.input.Definitions;
import dev.ecsguard.input.FoundDefinition;
import dev.ecsguard.input.InputException;
import dev.ecsguard.input.InputFile;
import dev.ecsguard.input.InputFiles;
import dev.ecsguard.input.ReadResult;
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
        "Checks task definitions before deployment: task definition JSON, CloudFormation and SAM templates, CDK "
            + "output, Terraform plans; each finding names its file, resource and line where the format tells.",
        "Prints one line per finding, grouped by file; each rule's why and fix once at the end; one summary line.",
        "Exit status: 0 nothing reaches --fail-on, 1 something does, 2 unusable input."})
final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Task definitions (JSON, or describe-task-definition "
      + "output), container definition lists, CloudFormation templates (JSON or YAML; SAM and CDK output), Terraform "
      + "plans (terraform show -json), directories (searched for .json, .yaml, .yml, .template), globs; - reads "
      + "standard input.")
  List<String> inputs;

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
    Run run = new Run(err, text);
    List<LintedDefinition> linted = new ArrayList<>();
    for (String argument : inputs) {
      for (InputFile file : run.expand(argument)) {
        for (FoundDefinition found : run.read(file)) {
          lint(found, policy, run).ifPresent(definition -> {
            linted.add(definition);
            if (outputFormat == Formats.Lint.TEXT) {
              System.out.print(text.file(definition));
              System.out.flush();
            }
          });
        }
      }
    }
    boolean failing = linted.stream().anyMatch(definition -> text.fails(definition.report()));
    System.out.print(switch (outputFormat) {
      case JSON -> JsonReport.writePretty(jsonReports(linted)) + "\n";
      case SARIF -> new SarifReport(policy.catalog(), Path.of("")).render(linted) + "\n";
      case JUNIT -> new JUnitReport(policy.catalog(), threshold).render(linted);
      case TEXT -> text.end();
    });
    System.out.flush();
    return run.unusable ? EcsGuardCli.UNUSABLE : failing ? EcsGuardCli.FINDINGS : EcsGuardCli.OK;
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

  private static ArrayNode jsonReports(List<LintedDefinition> linted) {
    ArrayNode reports = Json.MAPPER.createArrayNode();
    linted.forEach(definition -> reports.add(JsonReport.tree(definition)));
    return reports;
  }

  /** One definition evaluated, or empty when the mapper refuses it (said on stderr, counted unusable). */
  private Optional<LintedDefinition> lint(FoundDefinition found, ActivePolicy policy, Run run) {
    TaskDefinition definition;
    try {
      definition = TaskDefinitions.fromJson(found.definition());
    } catch (InvalidTaskDefinitionException e) {
      run.unusable(found.displayName() + ": " + e.getMessage());
      return Optional.empty();
    }
    Optional<TaskDefinitionArn> arn = definition.parsedArn();
    if (region != null && arn.isPresent() && !arn.get().region().equals(region.trim())) {
      run.note(found.displayName() + ": its ARN places it in " + arn.get().region() + ", which wins over --region "
          + region.trim());
    }
    Subject subject = Subject.of(definition, region != null ? region.trim() : System.getenv("AWS_REGION"));
    Evaluation evaluation = policy.evaluate(subject, LocalDate.now(ZoneOffset.UTC));
    Report report = new Report(Optional.empty(), subject, evaluation, policy.mode(), policy.document().profile(),
        Outcome.none("lint only reports"));
    return Optional.of(new LintedDefinition(found.file(), found.resource(), found.lines(), report));
  }

  /**
   * What a run says on stderr as it reads its inputs: one line per unusable input or resource (counted, exit 2, the
   * others still linted) and per note. Every message may quote the input (a file name, a resource's name), so
   * nothing raw reaches the terminal.
   */
  private static final class Run {
    private final PrintWriter err;
    private final LintText text;
    boolean unusable;

    Run(PrintWriter err, LintText text) {
      this.err = err;
      this.text = text;
    }

    List<InputFile> expand(String argument) {
      try {
        return InputFiles.expand(argument);
      } catch (InputException e) {
        unusable(e.getMessage());
        return List.of();
      }
    }

    List<FoundDefinition> read(InputFile file) {
      ReadResult result;
      try {
        result = Definitions.read(file);
      } catch (InputException e) {
        unusable(e.getMessage());
        return List.of();
      }
      result.notes().forEach(this::note);
      result.problems().forEach(this::unusable);
      return result.definitions();
    }

    void unusable(String message) {
      err.println("ecs-guard: " + UntrustedText.forText(message));
      err.flush();
      text.unusable();
      unusable = true;
    }

    void note(String message) {
      err.println("ecs-guard: " + UntrustedText.forText(message));
      err.flush();
    }
  }
}
