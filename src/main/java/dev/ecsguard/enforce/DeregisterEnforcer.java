package dev.ecsguard.enforce;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.policy.Decision;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The Lambda's enforcer. Deregisters the evaluated revision by its full ARN, in the ARN's own region; when
 * {@code ECS_GUARD_RUN_TASK_ACTION=stop}, stops the tasks the RunTask call started, in the event's cluster and
 * region, and only those ECS says run exactly the evaluated revision there ({@link StartedTasks}). Deregistration does not stop running tasks or services; it stops new ones from using the revision.
 * Before acting, the {@link SafetyValve} counts the family's recent actions; every action is tagged on the
 * revision ({@link RevisionTags}) so that every execution environment sees it. In dry-run mode it calls nothing.
 */
public final class DeregisterEnforcer implements Enforcer {

  /** The IAM actions this adapter calls (enforcement, the safety valve, the alert marker); the template grants them. */
  public static final List<String> PERMISSIONS = List.of("ecs:DeregisterTaskDefinition", "ecs:DescribeTasks",
      "ecs:StopTask", "ecs:TagResource", "ecs:ListTaskDefinitions", "ecs:ListTagsForResource");

  private final AwsClients clients;
  private final EnforcementSettings settings;
  private final SafetyValve valve;
  private final Clock clock;
  private final java.util.function.Consumer<String> warnings;

  public DeregisterEnforcer(AwsClients clients) {
    this(clients, EnforcementSettings.DEFAULT, Clock.systemUTC(), message -> { });
  }

  /**
   * @param warnings where a failure that must not fail the invocation is told (the alert marker)
   */
  public DeregisterEnforcer(AwsClients clients, EnforcementSettings settings, Clock clock,
      java.util.function.Consumer<String> warnings) {
    this.clients = clients;
    this.settings = settings;
    this.valve = new SafetyValve(clients, settings.valve(), clock);
    this.clock = clock;
    this.warnings = warnings;
  }

  @Override
  public Outcome apply(Decision decision, Subject subject) {
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
        ? StartedTasks.check(clients.ecs(arn.region()), arn, subject) : StartedTasks.Checked.NOTHING;
    List<String> tasks = started.stoppable();
    if (!decision.deregister() && tasks.isEmpty()) {
      return Outcome.none(stopping ? Outcomes.nothingToStop(decision, started) : Outcomes.stopOff(decision));
    }
    boolean inactive = "INACTIVE".equals(definition.status());
    if (tasks.isEmpty() && inactive) {
      return Outcomes.noting(alreadyInactive(definition), started.notStopped());
    }
    Optional<String> held;
    try {
      held = valve.engaged(arn);
    } catch (PermanentAwsException e) {
      return Outcome.none("the safety valve could not count recent actions (" + e.getMessage()
          + "): not acting; the function needs ecs:ListTaskDefinitions and ecs:ListTagsForResource");
    }
    if (held.isPresent()) {
      return new Outcome(Action.SAFETY_VALVE, held.get() + ": nothing was done (" + decision.reason() + ")");
    }
    try {
      return act(decision, definition, arn, started, inactive);
    } catch (PermanentAwsException e) {
      // Access denied, an invalid request: a retry would fail the same way. Reported, not retried.
      return Outcome.none("could not act: " + e.getMessage() + " (the function needs " + String.join(", ", PERMISSIONS)
          + ")");
    }
  }

  private Outcome act(Decision decision, TaskDefinition definition, TaskDefinitionArn arn,
      StartedTasks.Checked started, boolean inactive) {
    EcsClient ecs = clients.ecs(arn.region());
    Outcome deregistered = null;
    if (decision.deregister()) {
      deregistered = inactive ? alreadyInactive(definition) : deregister(ecs, arn, definition, decision);
    }
    if (started.stoppable().isEmpty()) {
      return Outcomes.noting(deregistered, started.notStopped());
    }
    String stopped = stop(ecs, arn, started, decision) + started.notStopped();
    if (deregistered == null) {
      return new Outcome(Action.STOPPED, stopped + " (" + decision.reason() + "); " + definition.displayName()
          + " is kept");
    }
    return new Outcome(deregistered.action(), deregistered.detail() + "; " + stopped);
  }

  private static Outcome alreadyInactive(TaskDefinition definition) {
    String when = definition.tags() == null ? null : definition.tags().get(RevisionTags.DEREGISTERED);
    return new Outcome(Action.ALREADY_INACTIVE, definition.displayName() + " was already INACTIVE"
        + (when == null ? "" : " (deregistered by ecs-guard at " + when + ")"));
  }

  private Outcome deregister(EcsClient ecs, TaskDefinitionArn arn, TaskDefinition definition, Decision decision) {
    // Tagged first: if the tag cannot be written the valve could not count this action, so nothing is done.
    tag(ecs, arn, RevisionTags.DEREGISTERED, clock.instant().toString());
    try {
      DeregisterTaskDefinitionResponse response = ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn.toString()));
      String status = response.taskDefinition() == null ? "INACTIVE" : response.taskDefinition().statusAsString();
      return new Outcome(Action.DEREGISTERED,
          "deregistered " + definition.displayName() + " (now " + status + "): " + decision.reason()
              + "; running tasks and services are not stopped");
    } catch (ClientException e) {
      // A retry after a partial success, or someone faster than us: the revision is already inactive.
      if (AwsFailures.mentionsInactive(e)) {
        return new Outcome(Action.ALREADY_INACTIVE, definition.displayName() + " was already INACTIVE");
      }
      throw AwsFailures.classify("DeregisterTaskDefinition", e);
    } catch (SdkException e) {
      throw AwsFailures.classify("DeregisterTaskDefinition", e);
    }
  }

  /** Stops the tasks ECS said run the evaluated revision in the event's cluster ({@link StartedTasks}). */
  private String stop(EcsClient ecs, TaskDefinitionArn arn, StartedTasks.Checked started, Decision decision) {
    tag(ecs, arn, RevisionTags.STOPPED, clock.instant().toString());
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

  private void tag(EcsClient ecs, TaskDefinitionArn arn, String key, String value) {
    try {
      ecs.tagResource(r -> r.resourceArn(arn.toString()).tags(Tag.builder().key(key).value(value).build()));
    } catch (SdkException e) {
      throw AwsFailures.classify("TagResource", e);
    }
  }

  @Override
  public void markAlerted(TaskDefinition definition, String eventId, java.util.Set<String> forms) {
    Optional<TaskDefinitionArn> arn = definition.parsedArn();
    if (arn.isEmpty() || eventId == null) {
      return;
    }
    String value = Enforcer.alertedValue(eventId, forms);
    long giveUpAt = System.nanoTime() + MARKER_PERSISTENCE.toNanos();
    RuntimeException failure = null;
    for (int call = 1; call <= MARKER_CALLS; call++) {
      try {
        tag(clients.ecs(arn.get().region()), arn.get(), RevisionTags.ALERTED, value);
        return;
      } catch (PermanentAwsException e) {
        failure = e; // access denied: asking again would not help
        break;
      } catch (RuntimeException e) {
        failure = e;
        if (call == MARKER_CALLS || System.nanoTime() + MARKER_PAUSE.toNanos() * call > giveUpAt) {
          break;
        }
        pause(MARKER_PAUSE.multipliedBy(call));
      }
    }
    // Failing now would retry the event and send the alert twice: the worst case is a duplicate on a retry.
    warnings.accept("could not mark the alert as sent on " + definition.displayName() + " (" + failure.getMessage()
        + "): a retry of this event may send it again");
  }

  /**
   * The alert marker is the only record of what went out. Lost after a partial delivery (the invocation fails, the
   * event is retried), the retry sends again the forms that went out, so it is written more persistently than other
   * calls: up to {@value #MARKER_CALLS} calls (each with the SDK's own retries) within {@link #MARKER_PERSISTENCE}.
   */
  static final int MARKER_CALLS = 3;
  static final java.time.Duration MARKER_PERSISTENCE = java.time.Duration.ofSeconds(8);
  static final java.time.Duration MARKER_PAUSE = java.time.Duration.ofMillis(300);

  private static void pause(java.time.Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
