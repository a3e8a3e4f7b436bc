package dev.ecsguard.aws;

/**
 * AWS could not answer now (throttling, 5xx, timeout, connection): the invocation must fail so that
 * EventBridge retries it and, after the last retry, the dead-letter queue keeps the event.
 */
public final class TransientAwsException extends RuntimeException {
  public TransientAwsException(String message, Throwable cause) {
    super(message, cause);
  }
}
