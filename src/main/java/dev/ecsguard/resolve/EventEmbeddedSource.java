package dev.ecsguard.resolve;

import dev.ecsguard.event.ApiCall;
import dev.ecsguard.model.TaskDefinition;
import java.util.Optional;

/**
 * Offline: the definition the event itself carries (RegisterTaskDefinition), or one given by the user
 * (a RunTask event names a definition but does not contain it).
 */
public final class EventEmbeddedSource implements TaskDefinitionSource {

  private final Optional<TaskDefinition> given;

  public EventEmbeddedSource(Optional<TaskDefinition> given) {
    this.given = given;
  }

  @Override
  public Resolution resolve(ApiCall call) {
    if (given.isPresent()) {
      return new Resolution.Found(given.get(), true);
    }
    if (call instanceof ApiCall.Registration r) {
      return r.embedded()
          .<Resolution>map(d -> new Resolution.Found(d, r.taskDefinitionArn() != null))
          .orElse(new Resolution.Missing("the event does not carry the task definition (CloudTrail omitted it); "
              + "evaluate it against AWS with --aws"));
    }
    if (call instanceof ApiCall.Run) {
      return new Resolution.Missing("a RunTask event does not carry the task definition "
          + TaskDefinitionSource.reference(call) + "; give it with --task-definition FILE, or use --aws");
    }
    return new Resolution.Missing(call instanceof ApiCall.Skipped skipped ? skipped.reason() : "nothing to evaluate");
  }
}
