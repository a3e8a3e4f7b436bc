package dev.ecsguard.pipeline;

import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.enforce.DeployRaceRecheck;
import dev.ecsguard.enforce.Enforcer;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.inventory.InventoryUpkeep;
import dev.ecsguard.json.BoundedInput;
import dev.ecsguard.metrics.EventMetrics;
import dev.ecsguard.metrics.Metrics;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.notify.PartialDeliveryException;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.policy.Policy;
import dev.ecsguard.policy.PolicyProvider;
import dev.ecsguard.resolve.Resolution;
import dev.ecsguard.resolve.TaskDefinitionSource;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.state.AlertLedger;
import dev.ecsguard.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The flow, in one place: parse → resolve → evaluate → decide → enforce → notify. The Lambda handler and
 * the CLI are two thin front doors onto it; only the adapters differ, and {@link PipelineFactory} chooses them.
 */
public final class Pipeline {

  private final TaskDefinitionSource source;
  private final PolicyProvider policies;
  private final Enforcer enforcer;
  private final Notifier notifier;
  private final EventLog log;
  private final Clock clock;
  private final java.util.function.Function<ApiCall.Origin, Facts> facts;
  private final Metrics metrics;
  private final Executor resolveOn;
  private final AlertLedger alerts;
  private final AlertRepeat repeat;
  private final InventoryUpkeep inventory;
  private final DeployRaceRecheck recheck;
  private final java.util.function.Consumer<Report> reports;
  private final AlertGate alerting;

  /**
   * @param facts a fresh {@link Facts} per event (its own budget and counters, a shared cache)
   */
  public Pipeline(TaskDefinitionSource source, PolicyProvider policies, Supplier<Facts> facts, Enforcer enforcer,
      Notifier notifier, LogSink sink, Clock clock) {
    this(source, policies, facts, enforcer, notifier, sink, clock, Metrics.NONE);
  }

  /** @param metrics where each event's metrics go (EMF in Lambda) */
  public Pipeline(TaskDefinitionSource source, PolicyProvider policies, Supplier<Facts> facts, Enforcer enforcer,
      Notifier notifier, LogSink sink, Clock clock, Metrics metrics) {
    this(source, policies, origin -> facts.get(), enforcer, notifier, sink, clock, metrics, Runnable::run,
        StateStore.inMemory().alerts(), AlertRepeat.DEFAULT, InventoryUpkeep.NONE, DeployRaceRecheck.NONE,
        report -> { });
  }

  /**
   * @param facts a fresh {@link Facts} per event, in the event's account (its own budget and counters)
   * @param resolveOn where the definition is asked for: another thread when that is a network call, so that
   *     the rules' dry run (and the lookups it starts) need not wait for it; inline offline
   * @param alerts which alerts went out (per event and form; per revision and set of findings)
   * @param repeat how soon the same findings on the same revision are alerted again
   * @param inventory kept current from registrations and deregistrations
   * @param recheck re-checks, after a delay, the findings that may be a deploy race before they act
   * @param reports gets the report of every evaluated event, alerted or not (the CLI prints it)
   */
  Pipeline(TaskDefinitionSource source, PolicyProvider policies,
      java.util.function.Function<ApiCall.Origin, Facts> facts, Enforcer enforcer,
      Notifier notifier, LogSink sink, Clock clock, Metrics metrics, Executor resolveOn, AlertLedger alerts,
      AlertRepeat repeat, InventoryUpkeep inventory, DeployRaceRecheck recheck,
      java.util.function.Consumer<Report> reports) {
    this.reports = reports;
    this.recheck = recheck;
    this.resolveOn = resolveOn;
    this.alerts = alerts;
    this.repeat = repeat;
    this.inventory = inventory;
    this.metrics = metrics;
    this.source = source;
    this.facts = facts;
    this.policies = policies;
    this.enforcer = enforcer;
    this.notifier = notifier;
    this.log = new EventLog(sink);
    this.clock = clock;
    this.alerting = new AlertGate(alerts, notifier, clock, log);
  }

  /**
   * The Lambda's entry: the event as the runtime streams it. An event larger than {@link BoundedInput#MAX_BYTES}
   * is not read whole: it is malformed, skipped with one log line like an event that is not JSON.
   */
  public Result run(InputStream event) throws IOException {
    byte[] raw;
    try {
      raw = BoundedInput.read(event);
    } catch (BoundedInput.TooLargeException e) {
      ApiCall.Skipped tooLarge = CloudTrailEvents.tooLarge(e.getMessage());
      return run(() -> tooLarge);
    }
    return run(raw);
  }

  public Result run(byte[] rawEvent) {
    return run(() -> CloudTrailEvents.parse(rawEvent));
  }

  private Result run(Supplier<ApiCall> parse) {
    long started = System.nanoTime();
    Report[] evaluated = new Report[1];
    try {
      Result result = run(parse, started, evaluated);
      record(result.status().name(), evaluated[0], result.action().name(), started);
      return result;
    } catch (RuntimeException e) {
      record("FAILED", evaluated[0], "NONE", started);
      throw e;
    }
  }

  private void record(String status, Report report, String action, long started) {
    java.util.Map<String, java.util.Map<String, Integer>> findings = new java.util.TreeMap<>();
    if (report != null) {
      report.evaluation().reported().forEach(f -> findings.computeIfAbsent(f.ruleId(), k -> new java.util.TreeMap<>())
          .merge(f.severity().name(), 1, Integer::sum));
    }
    try {
      metrics.record(new EventMetrics(report == null ? "none" : report.mode().toString(), status, findings, action,
          (System.nanoTime() - started) / 1_000_000));
    } catch (RuntimeException e) {
      // Metrics never fail an event.
    }
  }

  private Result run(Supplier<ApiCall> parse, long started, Report[] evaluated) {
    ApiCall call = parse.get();
    if (call instanceof ApiCall.Skipped skipped) {
      Result result = skipped.malformed()
          ? Result.unusable(skipped.origin().eventId(), null, skipped.reason())
          : Result.skipped(skipped.origin().eventId(), skipped.reason());
      log.skipped(skipped, result);
      return result;
    }
    if (call instanceof ApiCall.Deregistration deregistration) {
      return keepInventoryAfter(deregistration);
    }
    // The definition is asked for first: DescribeTaskDefinition is the longest wait of a cold event, and
    // nothing until the evaluation needs its answer.
    FutureTask<Resolution> resolving = new FutureTask<>(() -> source.resolve(call));
    resolveOn.execute(resolving);
    Facts eventFacts = facts.apply(call.origin());
    ActivePolicy policy = policies.current();
    LocalDate today = LocalDate.now(clock);
    // A dry run of the rules names the lookups they will make, and those are asked together: first from the
    // event's own copy of the definition, while the API is asked for the truth, then from the API's copy.
    if (call instanceof ApiCall.Registration registration && registration.embedded().isPresent()) {
      askAhead(eventFacts, policy, subjectOf(call, registration.embedded().get()), today);
    }
    Resolution resolution = joined(resolving, "asking for the task definition");
    if (resolution instanceof Resolution.Missing missing) {
      Result result = Result.unusable(call.origin().eventId(), TaskDefinitionSource.reference(call), missing.reason());
      log.unusable(call, result);
      return result;
    }
    Resolution.Found found = (Resolution.Found) resolution;
    if (call instanceof ApiCall.Registration && found.exact()) {
      inventory.registered(found.definition());
    }
    Subject subject = subjectOf(call, found.definition());
    askAhead(eventFacts, policy, subject, today);
    Evaluation evaluation = policy.evaluate(new EvaluationContext(subject, eventFacts), today);
    if (!found.exact()) {
      evaluation = evaluation.plusGap("the event named only the family; evaluated its latest ACTIVE revision");
    }
    // Only the revision the event names may be acted on: "the family's latest" may be another one by now.
    Decision decision = found.exact() ? new Policy(policy).decide(subject, evaluation)
        : Decision.reportOnly("the event named only the family: its latest revision is reported, never acted on");
    retryUnlessCertainFindingsDecide(policy, eventFacts, decision);
    decision = recheck.confirm(decision, subject, policy.catalog());
    String eventId = call.origin().eventId();
    Outcome outcome = enforcer.apply(decision, subject, eventId);
    Report report = new Report(Optional.of(call.origin()), subject, evaluation, policy.mode(),
        policy.document().profile(), outcome, eventFacts.usage());
    evaluated[0] = report;
    reports.accept(report);
    String notAlerted = alerting.alert(eventId, report, found.definition(), repeat);
    Result result = new Result(Result.Status.EVALUATED, call.origin().eventId(), found.definition().displayName(),
        evaluation.reported().size(), evaluation.highestSeverity(),
        evaluation.highestSeverity(policy.document().profile()), outcome.action(), outcome.detail());
    log.evaluated(call, report, (System.nanoTime() - started) / 1_000_000, notAlerted);
    return result;
  }

  /**
   * A revision a scan found: evaluated, decided and enforced as a registration (the same policy, profile, safety
   * valve, ledgers); alerted once per revision and set of findings within {@code again} (null: never), acted on only
   * if {@code mayAct}. Unknown facts are not retried (the next scan looks again; they never act), and no deploy-race
   * re-check: the revision was registered before the scan, its resources have had time.
   * @param origin an id naming the sweep and the revision (the alert ledger's key); the registrant as caller (tag
   *     exemptions' allowlist is matched against it, as at registration)
   */
  public Report evaluateExisting(ApiCall.Origin origin, TaskDefinition definition, boolean mayAct, AlertRepeat again) {
    long started = System.nanoTime();
    var call = new ApiCall.Registration(origin, definition.arn(), definition.family(), Optional.empty());
    Facts revisionFacts = facts.apply(origin);
    ActivePolicy policy = policies.current();
    LocalDate today = LocalDate.now(clock);
    Subject subject = subjectOf(call, definition);
    askAhead(revisionFacts, policy, subject, today);
    Evaluation evaluation = policy.evaluate(new EvaluationContext(subject, revisionFacts), today);
    Decision decision = mayAct ? new Policy(policy).decide(subject, evaluation)
        : Decision.reportOnly("a scan without --enforce only reports");
    Outcome outcome = enforcer.apply(decision, subject, origin.eventId());
    var report = new Report(Optional.of(origin), subject, evaluation, policy.mode(), policy.document().profile(),
        outcome, revisionFacts.usage());
    String notAlerted = again == null ? "no alert topic" : alerting.alert(origin.eventId(), report, definition, again);
    log.evaluated(call, report, (System.nanoTime() - started) / 1_000_000, notAlerted);
    return report;
  }

  /** A deregistration: nothing to evaluate; the family's latest ACTIVE revision, and its role, may have changed. */
  private Result keepInventoryAfter(ApiCall.Deregistration call) {
    Optional<TaskDefinitionArn> arn = TaskDefinitionArn.parse(call.taskDefinitionArn());
    if (arn.isEmpty()) {
      Result result = Result.unusable(call.origin().eventId(), null, "DeregisterTaskDefinition of no revision ARN");
      log.unusable(call, result);
      return result;
    }
    inventory.deregistered(arn.get());
    Result result = Result.skipped(call.origin().eventId(),
        "a deregistration: the task role inventory was brought up to date, nothing to evaluate");
    log.inventoryKept(call, result);
    return result;
  }

  /** What another thread computed, or what it threw, as if it had been thrown here. */
  static <T> T joined(FutureTask<T> task, String what) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientAwsException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException thrown) {
        throw thrown;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    }
  }

  private static void askAhead(Facts facts, ActivePolicy policy, Subject subject, LocalDate today) {
    facts.askAhead(questions -> policy.evaluate(new EvaluationContext(subject, questions), today));
  }

  /**
   * Certain findings decide; unknown facts never cancel them. A finding depends on no unknown fact (an unknown makes
   * only an INFO "could not verify"), so when the certain findings already call for action, the event goes on and
   * the unknowns are reported as gaps. Otherwise, in a mode that decides, a fact AWS left unknown for a transient
   * reason (throttled, timed out, failed) could itself have been a finding: the event fails for a retry before
   * anything is done or sent, and the retry decides on the whole view. A spent budget is different: it comes back on
   * every retry, so it is reported as a gap, as in audit mode.
   */
  private static void retryUnlessCertainFindingsDecide(ActivePolicy policy, Facts facts, Decision decision) {
    if (!policy.mode().decides() || decision.acts()) {
      return;
    }
    List<String> unknowns = facts.transientFailures().stream()
        .filter(unknown -> unknown.reason() != Fact.Reason.BUDGET_EXHAUSTED)
        .map(unknown -> unknown.describe())
        .toList();
    if (!unknowns.isEmpty()) {
      throw new TransientAwsException("evaluation incomplete, retried before deciding: could not verify "
          + String.join("; ", unknowns), null);
    }
  }

  private static Subject subjectOf(ApiCall call, TaskDefinition definition) {
    Subject subject = new Subject(definition, Optional.empty(), call.origin().region(), call.origin().account())
        .withPrincipal(call.origin().principalArn());
    return call instanceof ApiCall.Run run ? subject.withRun(run.request()) : subject;
  }
}
