package dev.ecsguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ecsguard.enforce.Action;
import dev.ecsguard.enforce.Enforcer;
import dev.ecsguard.enforce.OfflineEnforcer;
import dev.ecsguard.enforce.RunTaskAction;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.notify.Notifier;
import dev.ecsguard.notify.Report;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.Result;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.policy.PolicyProvider;
import dev.ecsguard.resolve.EventEmbeddedSource;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Lambda's pipeline as {@code ecs-guard invoke EVENT [--task-definition FILE]} runs it offline (the definition
 * from the event, or the given one for a RunTask), in enforce mode, with an enforcer and a notifier that record
 * what they are asked to do, then the properties every run must keep:
 * <ul>
 *   <li>nothing escapes: offline there is no transient failure to retry, so no exception is intended at all;</li>
 *   <li>a malformed, skipped or unusable event is never enforced on, nor alerted;</li>
 *   <li>an acting decision is only ever taken on a complete evaluation of the exact revision the event names, in
 *       the event's own account and region, for an enforceable finding at or above the threshold;</li>
 *   <li>no rule fails on a definition the mapper accepted (a failing rule is a gap: the revision escapes
 *       enforcement);</li>
 *   <li>every rendered form is well-formed ({@link RenderedForms}), every log line one JSON object.</li>
 * </ul>
 * The outputs (forms, log lines, the result) are returned for the secret check.
 */
final class OfflineInvoke {

  /** Fixed, so that exemption expiry (dated tags) is the same in every replay. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  record Invocation(Result result, Map<String, String> outputs) {}

  private record Enforcement(Decision decision, Subject subject) {}

  private OfflineInvoke() {}

  /**
   * @param runDefinition the definition a RunTask event is evaluated against, as {@code --task-definition} gives
   */
  static Invocation run(byte[] event, TaskDefinition runDefinition) {
    List<Enforcement> enforcements = new ArrayList<>();
    List<Report> reports = new ArrayList<>();
    List<String> logLines = new ArrayList<>();
    Map<String, String> outputs = new LinkedHashMap<>();
    Enforcer enforcer = new Enforcer() {
      private final Enforcer offline = new OfflineEnforcer(RunTaskAction.STOP);

      @Override
      public dev.ecsguard.enforce.Outcome apply(Decision decision, Subject subject, String eventId) {
        enforcements.add(new Enforcement(decision, subject));
        return offline.apply(decision, subject, eventId);
      }
    };
    Notifier notifier = report -> {
      reports.add(report);
      RenderedForms.render("alert" + reports.size() + ".", report, outputs);
    };
    EventEmbeddedSource fromEvent = new EventEmbeddedSource(Optional.empty());
    EventEmbeddedSource given = new EventEmbeddedSource(Optional.of(runDefinition));
    Pipeline pipeline = new Pipeline(call -> call instanceof ApiCall.Run ? given.resolve(call) : fromEvent.resolve(call),
        PolicyProvider.fixed(FuzzFixtures.ENFORCING), Facts::offline, enforcer, notifier,
        (level, line) -> logLines.add(line), CLOCK);

    Result result;
    try {
      result = pipeline.run(event);
    } catch (RuntimeException escaped) {
      // Offline nothing is retried, so nothing may escape; the message is not printed (it could quote the input).
      throw new AssertionError("the offline pipeline threw " + escaped.getClass().getName() + " at "
          + (escaped.getStackTrace().length > 0 ? escaped.getStackTrace()[0] : "?"), escaped);
    }
    assertNotNull(result, "a result");
    for (int i = 0; i < logLines.size(); i++) {
      outputs.put("log" + i, logLines.get(i));
      assertFalse(logLines.get(i).contains("\n"), "a log line spans lines");
      parse(logLines.get(i));
    }
    outputs.put("result", Json.write(result.summary()));

    ApiCall call = CloudTrailEvents.parse(event);
    checkNothingDoneOnUnusable(call, result, enforcements, reports);
    for (Enforcement enforcement : enforcements) {
      if (enforcement.decision().acts()) {
        checkSafeToAct(call, result, enforcement, reports);
      }
    }
    if (result.action() != Action.NONE) {
      assertTrue(enforcements.stream().anyMatch(e -> e.decision().acts()), "an action without an acting decision");
    }
    for (Report report : reports) {
      List<String> failedRules = report.evaluation().gaps().stream().filter(g -> g.startsWith("rule ")).toList();
      assertEquals(List.of(), failedRules, "a rule failed on a definition the mapper accepted");
    }
    return new Invocation(result, outputs);
  }

  private static void checkNothingDoneOnUnusable(ApiCall call, Result result, List<Enforcement> enforcements,
      List<Report> reports) {
    if (call instanceof ApiCall.Skipped skipped) {
      assertEquals(skipped.malformed() ? Result.Status.UNUSABLE : Result.Status.SKIPPED, result.status(),
          "status of a skipped event");
    }
    if (result.status() != Result.Status.EVALUATED) {
      assertEquals(List.of(), enforcements.stream().map(e -> e.decision().reason()).toList(),
          "the enforcer was asked about a " + result.status() + " event");
      assertEquals(0, reports.size(), "a " + result.status() + " event was alerted");
      assertEquals(Action.NONE, result.action(), "action on a " + result.status() + " event");
    }
  }

  /** The conditions under which README says ecs-guard acts, checked on every acting decision. */
  private static void checkSafeToAct(ApiCall call, Result result, Enforcement enforcement, List<Report> reports) {
    Decision decision = enforcement.decision();
    Subject subject = enforcement.subject();
    assertEquals(Result.Status.EVALUATED, result.status(), "acting on an event that was not evaluated");
    assertEquals(1, reports.size(), "one report per evaluated event");
    assertTrue(reports.get(0).evaluation().complete(), "acting on an incomplete evaluation");
    assertFalse(decision.triggering().isEmpty(), "acting without a triggering finding");
    for (Finding finding : decision.triggering()) {
      assertNotEquals(Severity.INFO, finding.severity(), "an INFO note triggered enforcement");
      assertFalse(finding.exempted(), "an exempted finding triggered enforcement");
      assertTrue(finding.severity().atLeast(FuzzFixtures.ENFORCING.document().enforceThreshold()),
          "a finding below the threshold triggered enforcement");
    }
    TaskDefinitionArn arn = subject.taskDefinition().parsedArn()
        .orElseThrow(() -> new AssertionError("acting on a definition without a parseable revision ARN"));
    if (call instanceof ApiCall.Registration registration) {
      assertEquals(registration.taskDefinitionArn(), subject.taskDefinition().arn(),
          "acting on another revision than the one the event registered");
    }
    if (!(call instanceof ApiCall.Registration) && !(call instanceof ApiCall.Run)) {
      fail("acting on a " + call.getClass().getSimpleName());
    }
    assertEquals(call.origin().region(), arn.region(), "acting in another region than the event's");
    assertEquals(call.origin().account(), arn.account(), "acting in another account than the event's");
    if (decision.deregister()) {
      assertTrue(decision.triggering().stream().anyMatch(f -> f.kind() != RuleKind.RUN),
          "deregistering for findings about the run only");
    }
    if (decision.stopTasks()) {
      assertTrue(subject.run().map(RunRequest::startedTaskArns).map(t -> !t.isEmpty()).orElse(false),
          "stopping tasks when the run started none");
    }
  }

  private static void parse(String line) {
    try {
      assertTrue(Json.MAPPER.readTree(line).isObject(), "a log line that is not a JSON object");
    } catch (IOException e) {
      throw new AssertionError("a log line that is not JSON");
    }
  }
}
