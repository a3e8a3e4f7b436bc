package dev.ecsguard.resolve;

import dev.ecsguard.model.TaskDefinition;

/** The outcome of looking up the task definition an API call is about. */
public sealed interface Resolution {

  /**
   * @param exact whether this is certainly the revision the call was about; when false (the event named
   *     only a family), the evaluation is reported but never enforced
   */
  record Found(TaskDefinition definition, boolean exact) implements Resolution {}

  /** It does not exist (any more), or cannot be had here: permanent, the event is not retried. */
  record Missing(String reason) implements Resolution {}
}
