package dev.ecsguard.enforce;

import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.Decision;
import java.util.List;

/** The sentences shared by the enforcers. */
final class Outcomes {

  /** StopTask's {@code reason} is at most 255 characters. */
  static final int STOP_REASON_LIMIT = 255;

  private Outcomes() {}

  /** What enforce mode would do, without doing it (dry-run, offline). */
  static Outcome wouldDo(Decision decision, Subject subject, RunTaskAction runTaskAction, String why) {
    if (!decision.acts()) {
      return Outcome.none(decision.reason());
    }
    String name = subject.taskDefinition().displayName();
    int tasks = startedTasks(subject).size();
    boolean stop = decision.stopTasks() && runTaskAction == RunTaskAction.STOP && tasks > 0;
    if (!decision.deregister() && !stop) {
      return Outcome.none(stopOff(decision));
    }
    String stopping = "stop " + tasks + (tasks == 1 ? " task" : " tasks") + " started by this RunTask call";
    if (decision.deregister()) {
      return new Outcome(Action.WOULD_DEREGISTER, "would deregister " + name + (stop ? " and " + stopping : "")
          + " (" + decision.reason() + "); " + why);
    }
    return new Outcome(Action.WOULD_STOP, "would " + stopping + " (" + decision.reason() + "); " + name
        + " would be kept; " + why);
  }

  static String stopOff(Decision decision) {
    return decision.reason() + "; the tasks are left running (" + EnforcementSettings.RUN_TASK_ACTION
        + "=none; set it to stop to stop them)";
  }

  /** Stopping was due, but ECS said none of the event's tasks runs the evaluated revision in its cluster. */
  static String nothingToStop(Decision decision, StartedTasks.Checked started) {
    return decision.reason() + "; no task was stopped" + started.notStopped();
  }

  /** The outcome with a note about the tasks left running ({@link StartedTasks.Checked#notStopped}) appended. */
  static Outcome noting(Outcome outcome, String note) {
    return note.isEmpty() ? outcome : new Outcome(outcome.action(), outcome.detail() + note);
  }

  static List<String> startedTasks(Subject subject) {
    return subject.run().map(RunRequest::startedTaskArns).orElse(List.of());
  }

  /** {@code ecs-guard: <rules>}, cut to StopTask's limit. */
  static String stopReason(Decision decision) {
    String reason = "ecs-guard: " + String.join(", ", decision.ruleIds());
    return reason.length() <= STOP_REASON_LIMIT ? reason : reason.substring(0, STOP_REASON_LIMIT - 3) + "...";
  }
}
