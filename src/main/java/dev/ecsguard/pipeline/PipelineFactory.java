package dev.ecsguard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AccountClients;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.MemberRoleClients;
import dev.ecsguard.enforce.DeployRaceRecheck;
import dev.ecsguard.enforce.DeregisterEnforcer;
import dev.ecsguard.enforce.EnforcementSettings;
import dev.ecsguard.enforce.OfflineEnforcer;
import dev.ecsguard.facts.Budget;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.aws.AwsFacts;
import dev.ecsguard.facts.aws.FactCache;
import dev.ecsguard.inventory.AwsInventoryUpkeep;
import dev.ecsguard.metrics.EmfMetrics;
import dev.ecsguard.metrics.Metrics;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.notify.AlertTopics;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.SnsNotifier;
import dev.ecsguard.notify.TextReport;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.InvalidPolicyException;
import dev.ecsguard.policy.PolicyLoader;
import dev.ecsguard.policy.PolicyProvider;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.policy.SsmPolicyProvider;
import dev.ecsguard.resolve.EcsTaskDefinitionSource;
import dev.ecsguard.resolve.EventEmbeddedSource;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.state.StateStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link Pipeline} from its environment: the AWS clients and adapters (ECS, SNS, the state table, the
 * live facts and their cache), the look-ahead thread pool, and the {@code ECS_GUARD_*} settings and policy sources.
 * The pipeline itself only runs the flow; everything that differs between the Lambda, {@code invoke --aws} and the
 * offline CLI is chosen here.
 */
public final class PipelineFactory {

  private PipelineFactory() {}

  /** How long a known fact (a log group exists, a role's policies) is reused across events. */
  static final java.time.Duration FACT_TTL = java.time.Duration.ofMinutes(5);

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
    return forAws(env, clients, MemberRoleClients.fromEnvironment(env, clients), sink, fallback, sleeper,
        text -> new PrintingNotifier(fallback, PrintingNotifier.Format.TEXT, text), report -> { });
  }

  /** @param accounts the clients of each event's account (an organization's member roles), built by the caller */
  public static Pipeline forAws(Map<String, String> env, AwsClients clients, AccountClients accounts, LogSink sink,
      PrintStream fallback) {
    return forAws(env, clients, accounts, sink, fallback, DeployRaceRecheck.Sleeper.REAL,
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
    return forAws(env, clients, MemberRoleClients.fromEnvironment(env, clients), sink, out,
        DeployRaceRecheck.Sleeper.REAL, text -> report -> { }, reports);
  }

  /**
   * @param withoutTopics the notifier when no topic is set, given the alert text
   * @param reports gets the report of every evaluated event
   */
  private static Pipeline forAws(Map<String, String> env, AwsClients clients, AccountClients accounts, LogSink sink,
      PrintStream fallback, DeployRaceRecheck.Sleeper sleeper, java.util.function.Function<TextReport, Notifier> withoutTopics,
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
    PolicyProvider policies = () -> usableUnlessAuditing(Pipeline.joined(reading, "reading the policy").current(),
        settings.mode());
    // `accounts`: the event's account's clients, the function's own or a member role's (ECS_GUARD_MEMBER_ROLE_NAME).
    return new Pipeline(new EcsTaskDefinitionSource(accounts), policies,
        origin -> new AwsFacts(accounts.in(origin.account()), origin.account(), state.roles(), cache,
            new Budget(settings.factCalls(), settings.factTime()), lookAhead),
        new DeregisterEnforcer(accounts, EnforcementSettings.fromEnvironment(env), state.actions(), Clock.systemUTC(),
            warning -> sink.log(LogSink.Level.WARN, dev.ecsguard.json.Json.write(Map.of("ecsGuard", "warning",
                "reason", warning)))),
        notifier, sink, Clock.systemUTC(), metrics(env, fallback), lookAhead, state.alerts(),
        AlertRepeat.fromEnvironment(env), new AwsInventoryUpkeep(accounts, state.roles(), Clock.systemUTC()),
        DeployRaceRecheck.inAccounts(DeployRaceRecheck.delayFromEnvironment(env), account -> new AwsFacts(
            accounts.in(account), new FactCache(FACT_TTL, Clock.systemUTC()),
            new Budget(settings.factCalls(), settings.factTime())), sleeper), reports);
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
}
