package dev.ecsguard.metrics;

import java.util.Map;

/**
 * What one event adds to the metrics: identifiers of ecs-guard's own vocabulary only (mode, rule ids, severities,
 * action names), never a value from the event (no family, account, ARN or caller).
 *
 * @param mode audit, dry-run or enforce; {@code none} when the event never reached the policy
 * @param status EVALUATED, SKIPPED, UNUSABLE or FAILED (a transient failure, retried)
 * @param findings per rule id, per severity name: how many reported (not exempted) findings
 * @param action the action name (NONE, DEREGISTERED, …)
 * @param millis the event's wall time
 */
public record EventMetrics(String mode, String status, Map<String, Map<String, Integer>> findings, String action,
    long millis) {

  public int findingCount() {
    return findings.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
  }

  /** An action counts when something was changed (or held by the valve); NONE and dry-run's WOULD_* do not. */
  public boolean acted() {
    return action.equals("DEREGISTERED") || action.equals("STOPPED");
  }

  public boolean error() {
    return status.equals("FAILED") || status.equals("UNUSABLE");
  }
}
