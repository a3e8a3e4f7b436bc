package dev.ecsguard.pipeline;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.enforce.DeregisterEnforcer;
import dev.ecsguard.enforce.Enforcer;
import dev.ecsguard.enforce.OfflineEnforcer;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.notify.PrintingNotifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.notify.SnsNotifier;
import dev.ecsguard.notify.TextReport;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.policy.Policy;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.resolve.EcsTaskDefinitionSource;
import dev.ecsguard.resolve.EventEmbeddedSource;
import dev.ecsguard.resolve.Resolution;
import dev.ecsguard.resolve.TaskDefinitionSource;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Engine;
import dev.ecsguard.rule.Evaluation;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The flow, in one place: parse → resolve → evaluate → decide → enforce → notify. The Lambda handler and
 * the CLI are two thin front doors onto it; only the adapters differ.
 */
public final class Pipeline {

  private final TaskDefinitionSource source;
  private final Engine engine;
  private final Policy policy;
  private final Enforcer enforcer;
  private final Notifier notifier;
  private final EventLog log;
  private final Settings settings;

  public Pipeline(TaskDefinitionSource source, Engine engine, Settings settings, Enforcer enforcer,
      Notifier notifier, LogSink sink) {
    this.source = source;
    this.engine = engine;
    this.settings = settings;
    this.policy = new Policy(settings);
    this.enforcer = enforcer;
    this.notifier = notifier;
    this.log = new EventLog(sink);
  }

  /**
   * The Lambda's pipeline, and {@code invoke --aws}'s: the ECS API, SNS when a topic is set (else the
   * report is printed), configuration from {@code ECS_GUARD_*}.
   */
  public static Pipeline forAws(Map<String, String> env, AwsClients clients, LogSink sink, PrintStream fallback) {
    Settings settings = Settings.fromEnvironment(env);
    Catalog catalog = Catalog.standard();
    TextReport text = new TextReport(catalog);
    Notifier notifier = settings.topicArn() != null
        ? new SnsNotifier(clients, settings.topicArn(), text)
        : new PrintingNotifier(fallback, PrintingNotifier.Format.TEXT, text);
    return new Pipeline(new EcsTaskDefinitionSource(clients), new Engine(catalog), settings,
        new DeregisterEnforcer(clients), notifier, sink);
  }

  /** Without AWS: the definition from the event (or the one given), the report printed, nothing enforced. */
  public static Pipeline offline(Settings settings, Optional<TaskDefinition> given, Notifier notifier, LogSink sink) {
    return new Pipeline(new EventEmbeddedSource(given), new Engine(Catalog.standard()), settings,
        new OfflineEnforcer(), notifier, sink);
  }

  public Result run(byte[] rawEvent) {
    long started = System.nanoTime();
    ApiCall call = CloudTrailEvents.parse(rawEvent);
    if (call instanceof ApiCall.Skipped skipped) {
      Result result = skipped.malformed()
          ? Result.unusable(skipped.origin().eventId(), null, skipped.reason())
          : Result.skipped(skipped.origin().eventId(), skipped.reason());
      log.skipped(skipped, result);
      return result;
    }
    Resolution resolution = source.resolve(call);
    if (resolution instanceof Resolution.Missing missing) {
      Result result = Result.unusable(call.origin().eventId(), TaskDefinitionSource.reference(call), missing.reason());
      log.unusable(call, result);
      return result;
    }
    Resolution.Found found = (Resolution.Found) resolution;
    Subject subject = subjectOf(call, found.definition());
    Evaluation evaluation = engine.evaluate(subject);
    if (!found.exact()) {
      evaluation = evaluation.plusGap("the event named only the family; evaluated its latest ACTIVE revision");
    }
    Decision decision = policy.decide(subject, evaluation);
    Outcome outcome = enforcer.apply(decision, found.definition());
    Report report = new Report(Optional.of(call.origin()), subject, evaluation, settings.mode(), outcome);
    notifier.publish(report);
    Result result = new Result(Result.Status.EVALUATED, call.origin().eventId(), found.definition().displayName(),
        evaluation.findings().size(), evaluation.highestSeverity(), outcome.action(), outcome.detail());
    log.evaluated(call, report, (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  private static Subject subjectOf(ApiCall call, TaskDefinition definition) {
    Subject subject = new Subject(definition, Optional.empty(), call.origin().region(), call.origin().account());
    return call instanceof ApiCall.Run run ? subject.withRun(run.request()) : subject;
  }

  public Engine engine() {
    return engine;
  }
}
