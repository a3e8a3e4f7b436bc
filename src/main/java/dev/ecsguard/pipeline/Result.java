package dev.ecsguard.pipeline;

import dev.ecsguard.enforce.Action;
import dev.ecsguard.rule.Severity;
import java.util.Optional;

/**
 * What became of one event: the Lambda's response and the CLI's exit code. Holds identifiers and counts
 * only, never content from the event or the definition.
 *
 * @param highestInProfile the highest severity among the findings that count within the enforced profile (what
 *     the CLI's exit code reads); findings of a profile not enforced are reported only
 */
public record Result(
    Status status,
    String eventId,
    String taskDefinition,
    int findings,
    Optional<Severity> highestSeverity,
    Optional<Severity> highestInProfile,
    Action action,
    String detail) {

  public enum Status {
    /** Rules ran on the definition. */
    EVALUATED,
    /** A well-formed event that is not ours to evaluate (a failed call, another API). */
    SKIPPED,
    /** The input is unusable: malformed, or the definition cannot be had. */
    UNUSABLE
  }

  static Result skipped(String eventId, String reason) {
    return new Result(Status.SKIPPED, eventId, null, 0, Optional.empty(), Optional.empty(), Action.NONE, reason);
  }

  static Result unusable(String eventId, String taskDefinition, String reason) {
    return new Result(Status.UNUSABLE, eventId, taskDefinition, 0, Optional.empty(), Optional.empty(), Action.NONE,
        reason);
  }

  /** The JSON the Lambda returns. */
  public java.util.Map<String, Object> summary() {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("status", status.name());
    map.put("eventId", eventId);
    map.put("taskDefinition", taskDefinition);
    map.put("findings", findings);
    map.put("highestSeverity", highestSeverity.map(Enum::name).orElse(null));
    map.put("action", action.name());
    map.put("detail", detail);
    return map;
  }
}
