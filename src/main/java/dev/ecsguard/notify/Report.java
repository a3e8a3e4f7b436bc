package dev.ecsguard.notify;

import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.model.Subject;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.rule.Evaluation;
import java.util.Optional;

/**
 * Everything an alert or a CLI report says about one evaluated event or file.
 *
 * @param origin the API call that triggered the evaluation; empty for a linted file
 */
public record Report(Optional<ApiCall.Origin> origin, Subject subject, Evaluation evaluation, Mode mode, Outcome outcome) {

  /** Whether anything counts: exempted findings alone send no alert and fail no build. */
  public boolean hasFindings() {
    return !evaluation.reported().isEmpty();
  }

  /** The account, from the event when there is one (it is the truth about where the call happened). */
  public String account() {
    return origin.map(ApiCall.Origin::account).filter(a -> a != null).orElse(subject.account());
  }

  public String region() {
    return origin.map(ApiCall.Origin::region).filter(r -> r != null).orElse(subject.region());
  }
}
