package dev.ecsguard.enforce;

import dev.ecsguard.aws.AccountClients;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.state.ActionLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The Lambda's enforcer. Deregisters the evaluated revision by its full ARN, in the ARN's own account and region; when
 * {@code ECS_GUARD_RUN_TASK_ACTION=stop}, stops the tasks the RunTask call started, in the event's cluster and
 * region, and only those ECS says run exactly the evaluated revision there ({@link StartedTasks}). Deregistration
 * does not stop running tasks or services; it stops new ones from using the revision.
 *
 * <p>Every action goes through ecs-guard's {@link ActionLedger}, which only ecs-guard writes: the safety valve
 * claims one of the family's actions for the window (exact under concurrency), the intended action is recorded,
 * the action is taken, and its completion is recorded. A retried event (its first attempt deregistered the revision
 * and then failed) reads the record back and reports "deregistered by ecs-guard at …", never "already inactive".
 * Tags on the revision mark the action for people and are never read. In dry-run mode it calls nothing.
 */
public final class DeregisterEnforcer implements Enforcer {

  /** The IAM actions this adapter calls on ECS; the template grants them (its state table grants are its own). */
  public static final List<String> PERMISSIONS = List.of("ecs:DeregisterTaskDefinition", "ecs:DescribeTasks",
      "ecs:StopTask", "ecs:TagResource");

  private final AccountClients accounts;
  private final EnforcementSettings settings;
  private final ActionLedger ledger;
  private final Clock clock;
  private final java.util.function.Consumer<String> warnings;

  /**
   * @param ledger where actions are counted and recorded (the state table; memory for one process)
   * @param warnings where a failure that must not fail the invocation is told (a mark for people)
   */
  public DeregisterEnforcer(AwsClients clients, EnforcementSettings settings, ActionLedger ledger, Clock clock,
      java.util.function.Consumer<String> warnings) {
    this(AccountClients.single(clients), settings, ledger, clock, warnings);
  }

  /** @param accounts the clients of the revision's account (a member role's in an organization) */
  public DeregisterEnforcer(AccountClients accounts, EnforcementSettings settings, ActionLedger ledger, Clock clock,
      java.util.function.Consumer<String> warnings) {
    this.accounts = accounts;
    this.settings = settings;
    this.ledger = ledger;
    this.clock = clock;
    this.warnings = warnings;
  }

  @Override
  public Outcome apply(Decision decision, Subject subject, String eventId) {
    if (!decision.acts()) {
      return Outcome.none(decision.reason());
    }
    if (decision.dryRun()) {
      return Outcomes.wouldDo(decision, subject, settings.runTaskAction(), "dry-run mode, nothing was changed");
    }
    TaskDefinition definition = subject.taskDefinition();
    TaskDefinitionArn arn = definition.parsedArn()
        .orElseThrow(() -> new IllegalStateException("a decision to act needs a revision ARN"));
    boolean stopping = decision.stopTasks() && settings.runTaskAction() == RunTaskAction.STOP;
    StartedTasks.Checked started = stopping
        ? StartedTasks.check(accounts.in(arn.account()).ecs(arn.region()), arn, subject) : StartedTasks.Checked.NOTHING;
    if (!decision.deregister() && started.stoppable().isEmpty()) {
      return Outcome.none(stopping ? Outcomes.nothingToStop(decision, started) : Outcomes.stopOff(decision));
    }
    boolean inactive = "INACTIVE".equals(definition.status());
    if (started.stoppable().isEmpty() && inactive) {
      return Outcomes.noting(inactive(definition, arn), started.notStopped());
    }
    ActionLedger.Kind kind = decision.deregister() && !inactive ? ActionLedger.Kind.DEREGISTER
        : ActionLedger.Kind.STOP_TASKS;
    Optional<String> held;
    try {
      held = valveHolds(arn, kind);
    } catch (PermanentAwsException e) {
      return Outcome.none("the safety valve could not count recent actions (" + e.getMessage()
          + "): not acting; the function needs read and write access to its state table");
    }
    if (held.isPresent()) {
      return new Outcome(Action.SAFETY_VALVE, held.get() + ": nothing was done (" + decision.reason() + ")");
    }
    try {
      return act(decision, definition, arn, started, inactive, eventId);
    } catch (PermanentAwsException e) {
      // Access denied, an invalid request: a retry would fail the same way. Reported, not retried.
      return Outcome.none("could not act: " + e.getMessage() + " (the function needs " + String.join(", ", PERMISSIONS)
          + ")");
    }
  }

  /** Why the valve holds, or empty when this action may go ahead (it is then counted). */
  private Optional<String> valveHolds(TaskDefinitionArn arn, ActionLedger.Kind kind) {
    ValveLimit limit = settings.valve();
    if (limit.off()) {
      return Optional.empty();
    }
    ActionLedger.Claim claim = ledger.claim(arn, kind, clock.instant(), limit.actions(), limit.window());
    if (claim instanceof ActionLedger.Claim.Held held) {
      return Optional.of("safety valve engaged: " + held.recentActions() + " actions on " + arn.family()
          + " in the last " + limit.windowText() + " (limit " + limit + ", " + EnforcementSettings.SAFETY_VALVE + ")");
    }
    return Optional.empty();
  }

  private Outcome act(Decision decision, TaskDefinition definition, TaskDefinitionArn arn,
      StartedTasks.Checked started, boolean inactive, String eventId) {
    EcsClient ecs = accounts.in(arn.account()).ecs(arn.region());
    Outcome deregistered = null;
    if (decision.deregister()) {
      deregistered = inactive ? inactive(definition, arn) : deregister(ecs, arn, definition, decision, eventId);
    }
    if (started.stoppable().isEmpty()) {
      return Outcomes.noting(deregistered, started.notStopped());
    }
    String stopped = stop(ecs, arn, started, decision, eventId) + started.notStopped();
    if (deregistered == null) {
      return new Outcome(Action.STOPPED, stopped + " (" + decision.reason() + "); " + definition.displayName()
          + " is kept");
    }
    return new Outcome(deregistered.action(), deregistered.detail() + "; " + stopped);
  }

  /**
   * An INACTIVE revision: deregistered by ecs-guard (an earlier attempt of this event, or another event), as its
   * ledger says, or by someone else.
   */
  private Outcome inactive(TaskDefinition definition, TaskDefinitionArn arn) {
    Optional<ActionLedger.Entry> ours = ledger.entry(arn, ActionLedger.Kind.DEREGISTER);
    if (ours.isPresent()) {
      ActionLedger.Entry entry = ours.get();
      Instant at = entry.doneAt() != null ? entry.doneAt() : entry.intendedAt();
      return new Outcome(Action.DEREGISTERED, "deregistered " + definition.displayName() + " by ecs-guard at " + at
          + " (event " + entry.eventId() + "); running tasks and services are not stopped");
    }
    return new Outcome(Action.ALREADY_INACTIVE, definition.displayName() + " was already INACTIVE (not by ecs-guard)");
  }

  private Outcome deregister(EcsClient ecs, TaskDefinitionArn arn, TaskDefinition definition, Decision decision,
      String eventId) {
    // Recorded first: an action the ledger does not know of would be invisible to a retry and to the valve.
    ActionLedger.Entry intended = new ActionLedger.Entry(arn, ActionLedger.Kind.DEREGISTER, eventId, clock.instant(),
        null);
    ledger.record(intended);
    String status;
    try {
      DeregisterTaskDefinitionResponse response = ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn.toString()));
      status = response.taskDefinition() == null ? "INACTIVE" : response.taskDefinition().statusAsString();
    } catch (ClientException e) {
      // Someone faster than us (the ledger knew of no earlier attempt, or the revision would have read INACTIVE).
      if (AwsFailures.mentionsInactive(e)) {
        return new Outcome(Action.ALREADY_INACTIVE, definition.displayName() + " was already INACTIVE");
      }
      throw AwsFailures.classify("DeregisterTaskDefinition", e);
    } catch (SdkException e) {
      throw AwsFailures.classify("DeregisterTaskDefinition", e);
    }
    ActionLedger.Entry done = intended.done(clock.instant());
    ledger.record(done);
    markForPeople(ecs, arn, RevisionTags.DEREGISTERED, done.doneAt().toString());
    return new Outcome(Action.DEREGISTERED,
        "deregistered " + definition.displayName() + " (now " + status + ") at " + done.doneAt() + ": "
            + decision.reason() + "; running tasks and services are not stopped");
  }

  /** Stops the tasks ECS said run the evaluated revision in the event's cluster ({@link StartedTasks}). */
  private String stop(EcsClient ecs, TaskDefinitionArn arn, StartedTasks.Checked started, Decision decision,
      String eventId) {
    ledger.record(new ActionLedger.Entry(arn, ActionLedger.Kind.STOP_TASKS, eventId, clock.instant(), null));
    markForPeople(ecs, arn, RevisionTags.STOPPED, clock.instant().toString());
    String reason = Outcomes.stopReason(decision);
    String cluster = started.cluster();
    int stopped = 0;
    int gone = 0;
    for (String task : started.stoppable()) {
      try {
        ecs.stopTask(r -> r.cluster(cluster).task(task).reason(reason));
        stopped++;
      } catch (AwsServiceException e) {
        // Stopping an already stopped task succeeds; one that is gone altogether (long stopped) is fine too.
        if (e.statusCode() == 400 && !e.isThrottlingException() && e.awsErrorDetails() != null
            && e.awsErrorDetails().errorMessage() != null
            && e.awsErrorDetails().errorMessage().toLowerCase(java.util.Locale.ROOT).contains("not found")) {
          gone++;
          continue;
        }
        throw AwsFailures.classify("StopTask", e);
      } catch (SdkException e) {
        throw AwsFailures.classify("StopTask", e);
      }
    }
    return "stopped " + stopped + (stopped == 1 ? " task" : " tasks") + " started by this RunTask call"
        + (gone > 0 ? " (" + gone + " already gone)" : "") + " with reason \"" + reason + "\"";
  }

  /** A tag for people browsing the console; best effort, never read back. */
  private void markForPeople(EcsClient ecs, TaskDefinitionArn arn, String key, String value) {
    try {
      ecs.tagResource(r -> r.resourceArn(arn.toString()).tags(Tag.builder().key(key).value(value).build()));
    } catch (SdkException e) {
      warnings.accept("could not tag " + arn + " with " + key + " (" + AwsFailures.classify("TagResource", e)
          .getMessage() + "); the action is recorded in the state table");
    }
  }
}
