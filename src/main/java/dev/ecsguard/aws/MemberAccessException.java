package dev.ecsguard.aws;

/**
 * An event (or a scan) names an account whose member role ecs-guard cannot assume: it must do nothing there, and
 * say so. Never retried into success by waiting: the member stack must be deployed or its trust fixed, then the event
 * replayed from the dead-letter queue. The message names the account and the role, never content from an event.
 */
public final class MemberAccessException extends RuntimeException {

  private final String account;

  public MemberAccessException(String account, String message, Throwable cause) {
    super(message, cause);
    this.account = account;
  }

  /** The account that could not be acted in. */
  public String account() {
    return account;
  }
}
