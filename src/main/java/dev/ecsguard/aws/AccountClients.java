package dev.ecsguard.aws;

/**
 * The SDK clients that act in a given account. A single-account deployment uses its own clients for every event; an
 * organization's central function uses a member account's role for that account's events ({@link MemberRoleClients}).
 * The region is chosen per call, as with {@link AwsClients}: the event's region, or the one an ARN names.
 *
 * <p>The Lambda asks for the event's account (describe, facts, enforcement); {@code scan} asks for each account it
 * sweeps ({@code cli/AccountOptions}: {@code --role-name NAME --account ID...}).
 */
@FunctionalInterface
public interface AccountClients {

  /**
   * Clients whose calls act in {@code account}.
   *
   * @throws MemberAccessException when the account's member role cannot be assumed: nothing may be done there
   * @throws TransientAwsException when STS did not answer (a retry may succeed)
   */
  AwsClients in(String account);

  /** One account's clients for every account: a single-account deployment, or no role configured. */
  static AccountClients single(AwsClients clients) {
    return account -> clients;
  }
}
