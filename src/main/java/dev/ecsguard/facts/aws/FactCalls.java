package dev.ecsguard.facts.aws;

import dev.ecsguard.facts.Fact;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS calls of one event's fact lookups: bounded in number and in time, counted, and turned into facts.
 * A call past the budget is not made; a failure becomes an unknown with its reason and the permission that
 * was missing, never an exception out of a rule.
 */
public final class FactCalls {

  private final int maxCalls;
  private final Instant deadline;
  private final Clock clock;
  private int calls;
  private final List<Fact.Unknown<?>> transientFailures = new ArrayList<>();

  public FactCalls(int maxCalls, Instant deadline, Clock clock) {
    this.maxCalls = maxCalls;
    this.deadline = deadline;
    this.clock = clock;
  }

  /**
   * Makes one AWS call for a fact.
   *
   * @param what for a person: what is being looked up ("log group /ecs/web in us-east-1")
   * @param permission the IAM action the call needs
   * @param call the SDK call
   * @param onServiceError a permanent service error the caller understands (not found → a known answer), or
   *     null to treat it as unknown
   */
  public <T> Fact<T> call(String what, String permission, Supplier<T> call,
      Function<AwsServiceException, Fact<T>> onServiceError) {
    // The budget is taken under the lock; the call itself is made outside it, so that lookups asked together
    // wait together.
    synchronized (this) {
      if (calls >= maxCalls) {
        return failure(Fact.Reason.BUDGET_EXHAUSTED, what + ": the event's " + maxCalls + " AWS calls are spent", null);
      }
      if (!clock.instant().isBefore(deadline)) {
        return failure(Fact.Reason.BUDGET_EXHAUSTED, what + ": the event's time for lookups is spent", null);
      }
      calls++;
    }
    try {
      return Fact.known(call.get());
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
      if (code.contains("AccessDenied") || code.contains("UnauthorizedOperation") || e.statusCode() == 403) {
        return Fact.unknown(Fact.Reason.ACCESS_DENIED, what, permission);
      }
      if (e.isThrottlingException()) {
        return failure(Fact.Reason.THROTTLED, what, null);
      }
      if (e.statusCode() >= 500) {
        return failure(Fact.Reason.FAILED, what + ": " + code + " (HTTP " + e.statusCode() + ")", null);
      }
      Fact<T> understood = onServiceError == null ? null : onServiceError.apply(e);
      return understood != null ? understood
          : Fact.unknown(Fact.Reason.FAILED, what + ": " + code + " (HTTP " + e.statusCode() + ")", permission);
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      return failure(Fact.Reason.TIMED_OUT, what, null);
    } catch (SdkClientException e) {
      boolean timeout = e.getCause() instanceof java.net.SocketTimeoutException
          || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timed out");
      return failure(timeout ? Fact.Reason.TIMED_OUT : Fact.Reason.FAILED, what, null);
    } catch (SdkException e) {
      return failure(Fact.Reason.FAILED, what, null);
    }
  }

  /**
   * Gives up, before its first call, a lookup that needs more calls than the event has left (a whole inventory):
   * spending the rest of the budget on an answer that cannot be finished would only starve the other lookups.
   *
   * @return null when {@code count} more calls fit; otherwise BUDGET_EXHAUSTED, recorded as a transient failure
   */
  public synchronized <T> Fact<T> refuseUnlessAffordable(int count, String what) {
    if (calls + count <= maxCalls && clock.instant().isBefore(deadline)) {
      return null;
    }
    return failure(Fact.Reason.BUDGET_EXHAUSTED, what + ": needs " + count + " AWS calls, the event has "
        + Math.max(0, maxCalls - calls) + " left", null);
  }

  private <T> Fact<T> failure(Fact.Reason reason, String what, String permission) {
    Fact.Unknown<T> unknown = new Fact.Unknown<>(reason, what, permission);
    if (reason.isTransient()) {
      synchronized (this) {
        transientFailures.add(unknown);
      }
    }
    return unknown;
  }

  /** The time left for lookups. */
  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public synchronized int calls() {
    return calls;
  }

  public synchronized List<Fact.Unknown<?>> transientFailures() {
    return List.copyOf(transientFailures);
  }
}
