package dev.ecsguard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.enforce.DeployRaceRecheck;
import dev.ecsguard.enforce.DeregisterEnforcer;
import dev.ecsguard.enforce.EnforcementSettings;
import dev.ecsguard.enforce.Enforcer;
import dev.ecsguard.enforce.OfflineEnforcer;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.inventory.AwsInventoryUpkeep;
import dev.ecsguard.inventory.InventoryUpkeep;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.state.AlertLedger;
import dev.ecsguard.state.StateStore;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.aws.AwsFacts;
import dev.ecsguard.facts.aws.FactCache;
import dev.ecsguard.json.BoundedInput;
import dev.ecsguard.metrics.EmfMetrics;
import dev.ecsguard.metrics.EventMetrics;
import dev.ecsguard.metrics.Metrics;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.notify.AlertTopics;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.SnsNotifier;
import dev.ecsguard.notify.TextReport;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.policy.InvalidPolicyException;
import dev.ecsguard.policy.Policy;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.policy.PolicyProvider;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.policy.SsmPolicyProvider;
import dev.ecsguard.resolve.EcsTaskDefinitionSource;
import dev.ecsguard.resolve.EventEmbeddedSource;
import dev.ecsguard.resolve.Resolution;
import dev.ecsguard.resolve.TaskDefinitionSource;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The flow, in one place: parse → resolve → evaluate → decide → enforce → notify. The Lambda handler and
 * the CLI are two thin front doors onto it; only the adapters differ.
 */
public final class Pipeline {

  /** How long a known fact (a log group exists, a role's policies) is reused across events. */
  static final java.time.Duration FACT_TTL = java.time.Duration.ofMinutes(5);

  private final TaskDefinitionSource source;
  private final PolicyProvider policies;
  private final Enforcer enforcer;
  private final Notifier notifier;
  private final EventLog log;
  private final Clock clock;
  private final Supplier<Facts> facts;
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
    this(source, policies, facts, enforcer, notifier, sink, clock, metrics, Runnable::run,
        StateStore.inMemory().alerts(), AlertRepeat.DEFAULT, InventoryUpkeep.NONE, DeployRaceRecheck.NONE,
        report -> { });
  }

  /**
   * @param resolveOn where the definition is asked for: another thread when that is a network call, so that
   *     the rules' dry run (and the lookups it starts) need not wait for it; inline offline
   * @param alerts which alerts went out (per event and form; per revision and set of findings)
   * @param repeat how soon the same findings on the same revision are alerted again
   * @param inventory kept current from registrations and deregistrations
   * @param recheck re-checks, after a delay, the findings that may be a deploy race before they act
   * @param reports gets the report of every evaluated event, alerted or not (the CLI prints it)
   */
  private Pipeline(TaskDefinitionSource source, PolicyProvider policies, Supplier<Facts> facts, Enforcer enforcer,
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
   * The Lambda's pipeline: the ECS API, SNS when a topic is set (else the alert text is printed to {@code fallback}),
   * configuration from {@code ECS_GUARD_*} and the policy sources. {@code invoke --aws} uses {@link #forInvoke}.
   */
  public static Pipeline forAws(Map<String, String> env, AwsClients clients, LogSink sink, PrintStream fallback) {
    return forAws(env, clients, sink, fallback, DeployRaceRecheck.Sleeper.REAL);
  }

  /** @param sleeper how the deploy-race re-check waits (a test creates the resource instead) */
  public static Pipeline forAws(Map<String, String> env, AwsClients clients, LogSink sink, PrintStream fallback,
      DeployRaceRecheck.Sleeper sleeper) {
    return forAws(env, clients, sink, fallback, sleeper,
        text -> new PrintingNotifier(fallback, PrintingNotifier.Format.TEXT, text), report -> { });
  }

  /**
   * {@code invoke --aws}'s: the Lambda's pipeline, except that without topics nothing is printed for it; instead the
   * report of every evaluated event goes to {@code reports}, alerted or not (an alert already sent is not sent
   * again, but the CLI prints the report all the same, in its own format).
   *
   * @param out where metrics go, when {@code ECS_GUARD_METRICS} asks for them
   */
  public static Pipeline forInvoke(Map<String, String> env, AwsClients clients, LogSink sink, PrintStream out,
      java.util.function.Consumer<Report> reports) {
    return forAws(env, clients, sink, out, DeployRaceRecheck.Sleeper.REAL, text -> report -> { }, reports);
  }

  /**
   * @param withoutTopics the notifier when no topic is set, given the alert text
   * @param reports gets the report of every evaluated event
   */
  private static Pipeline forAws(Map<String, String> env, AwsClients clients, LogSink sink, PrintStream fallback,
      DeployRaceRecheck.Sleeper sleeper, java.util.function.Function<TextReport, Notifier> withoutTopics,
      java.util.function.Consumer<Report> reports) {
    AlertTopics topics = AlertTopics.fromEnvironment(env);
    Executor lookAhead = lookAheadThreads();
    warmUpClients(env.get("AWS_REGION"), topics, clients, lookAhead);
    Settings settings = Settings.fromEnvironment(env);
    StateStore state = StateStore.fromEnvironment(env, clients);
    if (!state.persistent() && env.get("AWS_LAMBDA_FUNCTION_NAME") != null) {
      sink.log(LogSink.Level.WARN, dev.ecsguard.json.Json.write(Map.of("ecsGuard", "warning", "reason",
          StateStore.TABLE + " is not set: the safety valve, the alert ledger and the task role inventory live in "
              + "this execution environment's memory only")));
    }
    Catalog catalog = Catalog.standard();
    TextReport text = new TextReport(catalog);
    Notifier notifier = topics.any() ? new SnsNotifier(clients, topics, text, catalog) : withoutTopics.apply(text);
    FactCache cache = new FactCache(FACT_TTL, Clock.systemUTC());
    // The policy (the built-in YAML, ECS_GUARD_POLICY, the SSM parameter's provider) is read on another thread
    // while the first event is parsed and its definition asked for; that event waits for it at its dry run.
    FutureTask<PolicyProvider> reading = new FutureTask<>(
        () -> policies(settings, env.get("AWS_REGION"), clients, catalog, Clock.systemUTC()));
    lookAhead.execute(reading);
    PolicyProvider policies = () -> usableUnlessAuditing(joined(reading, "reading the policy").current(),
        settings.mode());
    return new Pipeline(new EcsTaskDefinitionSource(clients), policies,
        () -> new AwsFacts(clients, state.roles(), cache,
            new AwsFacts.Budget(settings.factCalls(), settings.factTime()), lookAhead),
        new DeregisterEnforcer(clients, EnforcementSettings.fromEnvironment(env), state.actions(), Clock.systemUTC(),
            warning -> sink.log(LogSink.Level.WARN, dev.ecsguard.json.Json.write(Map.of("ecsGuard", "warning",
                "reason", warning)))),
        notifier, sink, Clock.systemUTC(), metrics(env, fallback), lookAhead, state.alerts(),
        AlertRepeat.fromEnvironment(env), new AwsInventoryUpkeep(clients, state.roles(), Clock.systemUTC()),
        new DeployRaceRecheck(DeployRaceRecheck.delayFromEnvironment(env), () -> new AwsFacts(clients,
            new FactCache(FACT_TTL, Clock.systemUTC()), new AwsFacts.Budget(settings.factCalls(), settings.factTime())),
            sleeper), reports);
  }

  /**
   * A refused policy leaves an audit-mode function reporting with the defaults and saying why; a function configured
   * to enforce (or whose mode only the unusable policy would have said) fails every event instead, so that the
   * invocation errors alarm and the events wait in the dead-letter queue.
   */
  static ActivePolicy usableUnlessAuditing(ActivePolicy policy, dev.ecsguard.policy.Mode configured) {
    if (policy.refusal().isPresent() && configured != dev.ecsguard.policy.Mode.AUDIT) {
      throw new dev.ecsguard.policy.UnusablePolicyException(configured, policy.refusal().get());
    }
    return policy;
  }

  /**
   * Starts building, on other threads, the clients every event uses (ECS in the function's region, SNS in each
   * topic's): the SDK's classes then load while the rules, the policy and Jackson load on the caller's thread, on
   * two cores at once.
   */
  private static void warmUpClients(String home, AlertTopics topics, AwsClients clients, Executor threads) {
    if (home != null && !home.isBlank()) {
      warmUp(threads, () -> clients.ecs(home));
    }
    topics.regions().forEach(region -> warmUp(threads, () -> clients.sns(region)));
  }

  /**
   * The threads fact lookups are asked on together, and clients built ahead of need: one small pool per JVM,
   * whatever the number of pipelines (priming builds one more). Lookups mostly wait on the network, so a few
   * threads suffice whatever the cores; daemons, so an idle pool never holds a JVM open.
   */
  static Executor lookAheadThreads() {
    return LookAheadThreads.POOL;
  }

  private static final class LookAheadThreads {
    static final Executor POOL = Executors.newFixedThreadPool(LOOK_AHEAD_THREADS, new ThreadFactory() {
      private final AtomicInteger count = new AtomicInteger();

      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "ecs-guard-lookup-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      }
    });
  }

  static final int LOOK_AHEAD_THREADS = 4;

  /** Builds a client ahead of need; a failure here is met again, and reported, where the client is used. */
  private static void warmUp(Executor threads, Runnable build) {
    threads.execute(() -> {
      try {
        build.run();
      } catch (RuntimeException e) {
        // Used later, the same client fails where the failure is handled.
      }
    });
  }

  /** Metrics switch: {@code ECS_GUARD_METRICS} = {@code emf} or {@code off}; by default EMF in Lambda only. */
  public static final String METRICS = "ECS_GUARD_METRICS";

  static Metrics metrics(Map<String, String> env, PrintStream out) {
    String value = env.get(METRICS) == null ? "" : env.get(METRICS).trim().toLowerCase(java.util.Locale.ROOT);
    boolean on = switch (value) {
      case "emf" -> true;
      case "off" -> false;
      case "" -> env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
      default -> throw new IllegalArgumentException(METRICS + ": '" + value + "': expected emf or off");
    };
    return on ? new EmfMetrics(out, Clock.systemUTC()) : Metrics.NONE;
  }

  /**
   * The policy from the environment's sources. A policy that cannot be used does not stop the function: it
   * reports with the defaults, enforces nothing, and says why, until the policy is fixed.
   */
  static PolicyProvider policies(Settings settings, String region, AwsClients clients, Catalog catalog, Clock clock) {
    JsonNode layers;
    try {
      layers = PolicyLoader.fromEnvironment(settings);
    } catch (InvalidPolicyException e) {
      return PolicyProvider.fixed(ActivePolicy.refused(e.getMessage(), catalog));
    }
    if (settings.policyParameter() == null) {
      return PolicyProvider.fixed(ActivePolicy.of(layers, catalog));
    }
    if (region == null) {
      return PolicyProvider.fixed(ActivePolicy.refused(
          Settings.POLICY_PARAMETER + " is set but AWS_REGION is not: the parameter cannot be read", catalog));
    }
    return new SsmPolicyProvider(clients, region, settings.policyParameter(), layers, catalog, settings.policyTtl(), clock);
  }

  /** Without AWS: the definition from the event (or the one given), the report printed, nothing enforced. */
  public static Pipeline offline(ActivePolicy policy, Optional<TaskDefinition> given, Notifier notifier, LogSink sink) {
    return new Pipeline(new EventEmbeddedSource(given), PolicyProvider.fixed(policy), Facts::offline,
        new OfflineEnforcer(), notifier, sink, Clock.systemUTC());
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
    Facts eventFacts = facts.get();
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
    Subject subject = subjectOf(call, found.definition()).withFacts(eventFacts);
    askAhead(eventFacts, policy, subject, today);
    Evaluation evaluation = policy.evaluate(subject, today);
    if (!found.exact()) {
      evaluation = evaluation.plusGap("the event named only the family; evaluated its latest ACTIVE revision");
    }
    // Only the revision the event names may be acted on: "the family's latest" may be another one by now.
    Decision decision = found.exact() ? new Policy(policy).decide(subject, evaluation)
        : Decision.reportOnly("the event named only the family: its latest revision is reported, never acted on");
    retryUnlessCertainFindingsDecide(policy, subject, decision);
    decision = recheck.confirm(decision, subject, policy.catalog());
    String eventId = call.origin().eventId();
    Outcome outcome = enforcer.apply(decision, subject, eventId);
    Report report = new Report(Optional.of(call.origin()), subject, evaluation, policy.mode(),
        policy.document().profile(), outcome);
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
    Facts revisionFacts = facts.get();
    ActivePolicy policy = policies.current();
    LocalDate today = LocalDate.now(clock);
    Subject subject = subjectOf(call, definition).withFacts(revisionFacts);
    askAhead(revisionFacts, policy, subject, today);
    Evaluation evaluation = policy.evaluate(subject, today);
    Decision decision = mayAct ? new Policy(policy).decide(subject, evaluation)
        : Decision.reportOnly("a scan without --enforce only reports");
    Outcome outcome = enforcer.apply(decision, subject, origin.eventId());
    var report = new Report(Optional.of(origin), subject, evaluation, policy.mode(), policy.document().profile(),
        outcome);
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
  private static <T> T joined(FutureTask<T> task, String what) {
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
    facts.askAhead(questions -> policy.evaluate(subject.withFacts(questions), today));
  }

  /**
   * Certain findings decide; unknown facts never cancel them. A finding depends on no unknown fact (an unknown makes
   * only an INFO "could not verify"), so when the certain findings already call for action, the event goes on and
   * the unknowns are reported as gaps. Otherwise, in a mode that decides, a fact AWS left unknown for a transient
   * reason (throttled, timed out, failed) could itself have been a finding: the event fails for a retry before
   * anything is done or sent, and the retry decides on the whole view. A spent budget is different: it comes back on
   * every retry, so it is reported as a gap, as in audit mode.
   */
  private static void retryUnlessCertainFindingsDecide(ActivePolicy policy, Subject subject, Decision decision) {
    if (!policy.mode().decides() || decision.acts()) {
      return;
    }
    List<String> unknowns = subject.facts().transientFailures().stream()
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
