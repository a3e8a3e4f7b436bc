package dev.ecsguard.state;

import dev.ecsguard.model.TaskDefinitionArn;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What ecs-guard did, or set out to do, to revisions: the safety valve's count per family, and each action's
 * record, written before the action is taken and completed after it. A retried event reads back what its first
 * attempt did ("deregistered by ecs-guard at …"), and nobody but ecs-guard can forge a count or a record.
 */
public interface ActionLedger {

  enum Kind { DEREGISTER, STOP_TASKS }

  /**
   * One action on one revision.
   *
   * @param doneAt when the action's AWS call succeeded; null while only intended (the call failed, or the
   *     attempt ended before it returned)
   */
  record Entry(TaskDefinitionArn revision, Kind kind, String eventId, Instant intendedAt, Instant doneAt) {

    public Entry done(Instant at) {
      return new Entry(revision, kind, eventId, intendedAt, at);
    }
  }

  /** The valve's answer. */
  sealed interface Claim {
    /** The action may go ahead: it is counted (or was already, by an earlier attempt of the same action). */
    record Granted() implements Claim {}

    /** The family had {@code recentActions} actions within the window: this one may not go ahead. */
    record Held(int recentActions) implements Claim {}
  }

  /**
   * Counts this action against its family's limit, exactly, even when several environments claim at once:
   * at most {@code maxActions} distinct (revision, kind) actions per family within {@code window}. Claiming an
   * action already counted is granted again without counting it twice.
   */
  Claim claim(TaskDefinitionArn revision, Kind kind, Instant now, int maxActions, Duration window);

  /** Records an action, intended or done (the later record of the same revision and kind replaces the earlier). */
  void record(Entry entry);

  /** The record of ecs-guard's action of that kind on that revision, if it ever took or began one. */
  Optional<Entry> entry(TaskDefinitionArn revision, Kind kind);
}
