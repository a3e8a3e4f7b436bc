package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.notify.JsonReport;
import dev.ecsguard.notify.JUnitReport;
import dev.ecsguard.notify.LintText;
import dev.ecsguard.notify.SarifReport;
import dev.ecsguard.notify.LintedDefinition;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.UntrustedText;
import dev.ecsguard.pipeline.AlertRepeat;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.scan.RevisionScan;
import dev.ecsguard.scan.ScanSummary;
import dev.ecsguard.scan.ScanTable;
import dev.ecsguard.scan.ScanUnit;
import dev.ecsguard.state.StateStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
        "Evaluates the task definitions already registered: the latest ACTIVE revision of every family, or with",
        "--all-revisions every ACTIVE revision, in each --region. Paced (--calls-per-second); a progress bar on a",
        "terminal only; a summary table at the end. Reports only, unless --enforce: then the policy's mode, profile",
        "and safety valve decide, exactly as in the Lambda. Alerts go to the ECS_GUARD_* topics when set.",
        "Exit status: 0 nothing in the enforced profile reaches --fail-on, 1 something does, 2 unusable input or",
        "AWS failure."})
final class ScanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--aws", required = true, description = "Required: a scan reads ECS (AWS_REGION, credentials, "
      + "AWS_ENDPOINT_URL from the standard environment).")
  boolean aws;

  @Option(names = "--region", paramLabel = "REGION", description = "A region to scan; repeat for several "
      + "(default: AWS_REGION).")
  List<String> regions;

  @Option(names = "--account", paramLabel = "ID", description = "The account the credentials reach (12 digits), "
      + "as reports name it (default: each revision's ARN says).")
  String account;

  @Option(names = "--family", paramLabel = "PREFIX", description = "Only families whose name starts with PREFIX.")
  String familyPrefix;

  @Option(names = "--all-revisions", description = "Every ACTIVE revision, not only each family's latest.")
  boolean allRevisions;

  @Option(names = "--format", defaultValue = "text", description = "text, json, sarif (GitHub code scanning) or junit "
      + "(default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--enforce", description = "Act as the Lambda would on what the policy says to enforce "
      + "(its mode, profile, threshold and safety valve). Without it nothing is changed.")
  boolean enforce;

  @Option(names = "--fail-on", defaultValue = "HIGH", description = "Lowest severity that fails, or none: "
      + "findings never fail (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--calls-per-second", defaultValue = "10", paramLabel = "N",
      description = "ECS calls per second, 1-" + InventorySweep.MAX_CALLS_PER_SECOND + " (default: ${DEFAULT-VALUE}).")
  int callsPerSecond;

  @Option(names = {"-v", "--verbose"}, description = "Print the Lambda's log line for each revision to stderr.")
  boolean verbose;

  private final Map<String, String> env;
  private final Supplier<AwsClients> clients;
  private final Supplier<InventorySweep.Pacer> pacer;

  ScanCommand() {
    this(System.getenv(), AwsClients::new, null);
  }

  /**
   * Tests: an environment and clients of their own (an emulator).
   *
   * @param pacer the pace, or null for {@code --calls-per-second}'s
   */
  ScanCommand(Map<String, String> env, Supplier<AwsClients> clients, Supplier<InventorySweep.Pacer> pacer) {
    this.env = env;
    this.clients = clients;
    this.pacer = pacer;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Optional<Severity> threshold = FailOn.parse(failOn);
      Formats.Lint outputFormat = Formats.lint(format);
      if (callsPerSecond < 1 || callsPerSecond > InventorySweep.MAX_CALLS_PER_SECOND) {
        throw new IllegalArgumentException("--calls-per-second: " + callsPerSecond + " is not from 1 to "
            + InventorySweep.MAX_CALLS_PER_SECOND);
      }
      if (familyPrefix != null && !familyPrefix.matches("[A-Za-z0-9_-]{1,255}")) {
        throw new IllegalArgumentException("--family: '" + familyPrefix + "' is not the start of a family name "
            + "(letters, digits, - and _)");
      }
      List<ScanUnit> units = units();
      Map<String, String> withRegion = new HashMap<>(env);
      withRegion.putIfAbsent("AWS_REGION", units.get(0).region());
      // Without a topic nothing is sent, and nothing is recorded as alerted: the scheduled scan still alerts it.
      AlertRepeat remember = dev.ecsguard.notify.AlertTopics.fromEnvironment(withRegion).any()
          ? AlertRepeat.fromEnvironment(withRegion, RevisionScan.REALERT_VARIABLE, RevisionScan.DEFAULT_REALERT)
          : null;
      LogSink sink = verbose ? LogSink.stderr() : LogSink.silent();
      Map<ScanUnit, ScanSummary> rows = new LinkedHashMap<>();
      List<LintedDefinition> scanned = new ArrayList<>();
      int calls = 0;
      long started = System.nanoTime();
      try (AwsClients aws = clients.get()) {
        Pipeline pipeline = dev.ecsguard.pipeline.PipelineFactory.forInvoke(withRegion, aws, sink, new PrintStream(System.err, true),
            report -> { });
        RevisionScan scan = new RevisionScan(aws, StateStore.inMemory().scans(),
            (origin, definition) -> pipeline.evaluateExisting(origin, definition, enforce, remember),
            Clock.systemUTC(), pacer != null ? pacer.get() : InventorySweep.Pacer.perSecond(callsPerSecond));
        for (ScanUnit unit : units) {
          RevisionScan.Progress progress = ProgressBar.onTerminal(err, "scanning " + unit);
          RevisionScan.Result result;
          try {
            result = scan.run(unit, new RevisionScan.Scope(familyPrefix, allRevisions), Instant.MAX, progress);
          } finally {
            ProgressBar.clear(progress);
          }
          rows.put(unit, result.summary());
          scanned.addAll(result.definitions());
          calls += result.ecsCalls();
          if (result.unreadable() > 0) {
            err.println("ecs-guard: " + unit + ": " + result.unreadable() + " revision(s) could not be read as task "
                + "definitions and were not evaluated");
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      LintText text = new LintText(Catalog.standard(), threshold, LintText.Detail.NORMAL, false);
      boolean failing = false;
      for (LintedDefinition definition : scanned) {
        failing |= text.fails(definition.report());
      }
      if (outputFormat == Formats.Lint.JSON) {
        out.println(json(rows, scanned, calls, seconds));
      } else if (outputFormat == Formats.Lint.SARIF) {
        out.println(new SarifReport(Catalog.standard(), java.nio.file.Path.of("")).render(scanned));
      } else if (outputFormat == Formats.Lint.JUNIT) {
        out.print(new JUnitReport(Catalog.standard(), threshold).render(scanned));
      } else {
        for (LintedDefinition definition : scanned) {
          out.print(text.file(definition.file(), definition.report()));
        }
        out.print("\n" + ScanTable.render(rows, allRevisions, enforce));
        out.printf(java.util.Locale.ROOT, "%s; %d ECS calls in %.1f s%n", summaryLine(rows, scanned, text, threshold),
            calls, seconds);
      }
      out.flush();
      return failing ? EcsGuardCli.FINDINGS : EcsGuardCli.OK;
    } catch (IllegalArgumentException | TransientAwsException | PermanentAwsException
        | dev.ecsguard.policy.UnusablePolicyException e) {
      err.println("ecs-guard: " + UntrustedText.forText(e.getMessage()));
      return EcsGuardCli.UNUSABLE;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      err.println("ecs-guard: AWS is not usable here: " + e.getMessage());
      return EcsGuardCli.UNUSABLE;
    }
  }

  private List<ScanUnit> units() {
    List<String> names = regions == null || regions.isEmpty()
        ? Optional.ofNullable(env.get("AWS_REGION")).filter(r -> !r.isBlank()).map(List::of).orElse(List.of())
        : regions;
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no region: give --region or set AWS_REGION");
    }
    return names.stream().map(String::trim).distinct().map(region -> new ScanUnit(account, region)).toList();
  }

  private static String summaryLine(Map<ScanUnit, ScanSummary> rows, List<LintedDefinition> scanned, LintText text,
      Optional<Severity> threshold) {
    int revisions = rows.values().stream().mapToInt(ScanSummary::revisions).sum();
    int findings = rows.values().stream().mapToInt(ScanSummary::findings).sum();
    long failing = scanned.stream().filter(d -> text.fails(d.report())).count();
    return "ecs-guard: " + revisions + " revision(s), " + findings + " finding(s); " + (threshold.isEmpty()
        ? "nothing fails (--fail-on none)" : failing + " revision(s) fail at " + threshold.get()
            + (threshold.get() == Severity.INFO ? "" : " or above"));
  }

  private String json(Map<ScanUnit, ScanSummary> rows, List<LintedDefinition> scanned, int calls, double seconds) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("schema", "ecs-guard.scan/v1");
    ObjectNode scope = root.putObject("scope");
    scope.put("allRevisions", allRevisions);
    scope.put("familyPrefix", familyPrefix);
    scope.put("enforce", enforce);
    ArrayNode units = root.putArray("units");
    rows.forEach((unit, summary) -> {
      ObjectNode row = units.addObject();
      row.put("account", unit.account());
      row.put("region", unit.region());
      row.setAll((ObjectNode) Json.MAPPER.valueToTree(summary.toMap()));
    });
    root.put("ecsCalls", calls);
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    ArrayNode revisions = root.putArray("revisions");
    for (LintedDefinition definition : scanned) {
      revisions.add(JsonReport.tree(definition.report()).put("file", definition.file())
          .put("resource", definition.resource()));
    }
    return JsonReport.writePretty(root);
  }
}
