package dev.ecsguard.event;

import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.TaskDefinition;
import java.util.Optional;

/**
 * An ECS API call, as CloudTrail reported it: a pointer to what must be evaluated, not the truth
 * (CloudTrail may omit large bodies; the API is the truth). Never holds the raw event.
 */
public sealed interface ApiCall {

  /**
   * Where and by whom: the parts of the CloudTrail record every report names.
   *
   * @param caller {@code userIdentity.arn}, else {@code userIdentity.invokedBy} (an AWS service's name)
   */
  record Origin(String eventId, String eventName, String eventTime, String region, String account, String caller) {

    /**
     * The caller as a principal ARN, or null: a service name ({@code invokedBy}), or an ARN that was cut short or
     * had characters masked for the logs, is no principal a tag-exemption allowlist may match.
     */
    public String principalArn() {
      boolean whole = caller != null && !caller.endsWith("…") && caller.indexOf('?') < 0;
      return whole && caller.startsWith("arn:") ? caller : null;
    }
  }

  Origin origin();

  /**
   * RegisterTaskDefinition.
   *
   * @param taskDefinitionArn the new revision, from {@code responseElements}; null when CloudTrail omitted it
   * @param family from the request, for reports when the ARN is missing
   * @param embedded the definition as the event carried it, for offline evaluation
   */
  record Registration(Origin origin, String taskDefinitionArn, String family, Optional<TaskDefinition> embedded)
      implements ApiCall {}

  /**
   * RunTask.
   *
   * @param taskDefinitionArn the exact revision that ran, from {@code responseElements.tasks}; null when no
   *     task started or CloudTrail omitted the response
   */
  record Run(Origin origin, RunRequest request, String taskDefinitionArn) implements ApiCall {}

  /**
   * DeregisterTaskDefinition: nothing to evaluate, but the family's latest ACTIVE revision may have changed, and
   * with it the task role inventory.
   *
   * @param taskDefinitionArn the deregistered revision
   */
  record Deregistration(Origin origin, String taskDefinitionArn) implements ApiCall {}

  /**
   * An event that is not ours to evaluate.
   *
   * @param malformed true when the input is broken (not JSON, not an EventBridge event), false when it is a
   *     well-formed event about something else (a failed call, another API)
   */
  record Skipped(Origin origin, String reason, boolean malformed) implements ApiCall {}
}
