package dev.ecsguard.notify;

import dev.ecsguard.aws.TransientAwsException;
import java.util.Set;

/** Some forms of an alert went out, then one failed: the retry must send only the rest. */
public final class PartialDeliveryException extends RuntimeException {

  private final Set<String> sent;
  private final TransientAwsException failure;

  public PartialDeliveryException(Set<String> sent, TransientAwsException failure) {
    super(failure.getMessage(), failure);
    this.sent = Set.copyOf(sent);
    this.failure = failure;
  }

  /** The forms delivered before the failure. */
  public Set<String> sent() {
    return sent;
  }

  /** The failure, for the invocation to fail with (so the event is retried). */
  public TransientAwsException failure() {
    return failure;
  }
}
