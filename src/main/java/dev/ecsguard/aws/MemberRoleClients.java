package dev.ecsguard.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * An organization's central function: its own clients for its own account, and for any other account the clients of
 * that account's member role ({@code templates/member.yaml}), assumed through STS in the function's region. One set
 * of clients per account (each builds its regional clients lazily, so the cache is per account and region), kept in
 * a bounded least-recently-used cache: credentials are refreshed by the SDK before they expire, and an account not
 * seen for a while gives its place to a new one.
 *
 * <p>The role is assumed when an account's clients are made, not at their first call: a role that cannot be assumed
 * is a {@link MemberAccessException} before anything is asked or done there, never an "access denied" that reads as a
 * missing permission. A failure is not cached: once the member stack is deployed the next event succeeds.
 */
public final class MemberRoleClients implements AccountClients, AutoCloseable {

  /** The IAM action this adapter calls; the central template grants it on the member role name in the org. */
  public static final List<String> PERMISSIONS = List.of("sts:AssumeRole");

  /** The member role's name, the same in every member account; empty or unset: a single account. */
  public static final String ROLE_NAME = "ECS_GUARD_MEMBER_ROLE_NAME";

  /** Accounts whose clients are kept; a Lambda environment sees one event at a time, so this is plenty. */
  public static final int DEFAULT_MAX_ACCOUNTS = 64;

  /** The session name CloudTrail shows in the member account for every call ecs-guard makes there. */
  static final String SESSION_NAME = "ecs-guard";

  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
  /** IAM's role name characters (no path: the member template creates the role at /). */
  private static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,64}");

  private final AwsClients own;
  private final String roleName;
  private final String region;
  private final int maxAccounts;
  private final Map<String, Member> members;
  private volatile String ownAccount;
  private int built;
  private int reused;

  private record Member(AwsClients clients, StsAssumeRoleCredentialsProvider credentials) {
    void close() {
      clients.close();
      credentials.close();
    }
  }

  /** What the cache did: sets of clients made (one role assumed each), and answers from the cache. */
  public record Usage(int built, int reused, int cached) {}

  /**
   * @param own the function's own clients (its credentials assume the member roles)
   * @param roleName the member role's name in every member account
   * @param region where STS is asked (the function's region)
   * @param maxAccounts how many accounts' clients are kept
   */
  public MemberRoleClients(AwsClients own, String roleName, String region, int maxAccounts) {
    if (roleName == null || !ROLE.matcher(roleName).matches()) {
      throw new IllegalArgumentException(ROLE_NAME + ": '" + roleName + "' is not an IAM role name");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("a member role is assumed through STS in a region: AWS_REGION is not set");
    }
    if (maxAccounts < 1) {
      throw new IllegalArgumentException("maxAccounts must be at least 1");
    }
    this.own = own;
    this.roleName = roleName;
    this.region = region;
    this.maxAccounts = maxAccounts;
    this.members = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** The function's: {@value #ROLE_NAME} set means an organization, unset or empty a single account. */
  public static AccountClients fromEnvironment(Map<String, String> env, AwsClients own) {
    String name = env.get(ROLE_NAME);
    if (name == null || name.isBlank()) {
      return AccountClients.single(own);
    }
    return new MemberRoleClients(own, name.trim(), env.get("AWS_REGION"), DEFAULT_MAX_ACCOUNTS);
  }

  @Override
  public AwsClients in(String account) {
    if (account == null || !ACCOUNT_ID.matcher(account).matches()) {
      throw new MemberAccessException(account, "cannot act in account '" + account + "': not an AWS account id; "
          + "nothing was done", null);
    }
    if (account.equals(ownAccount())) {
      return own;
    }
    synchronized (this) {
      Member cached = members.get(account);
      if (cached != null) {
        reused++;
        return cached.clients();
      }
      Member member = assume(account);
      members.put(account, member);
      built++;
      if (members.size() > maxAccounts) {
        // The least recently used account: its clients are made again (and its role assumed) when it comes back.
        var eldest = members.entrySet().iterator();
        eldest.next().getValue().close();
        eldest.remove();
      }
      return member.clients();
    }
  }

  /** The member role in {@code account}, in the partition of the function's region. */
  public String roleArn(String account) {
    return "arn:" + partition() + ":iam::" + account + ":role/" + roleName;
  }

  /** The account the function's own credentials belong to, asked of STS once (GetCallerIdentity needs no grant). */
  public String ownAccount() {
    String account = ownAccount;
    if (account == null) {
      try {
        account = own.sts(region).getCallerIdentity().account();
      } catch (SdkException e) {
        throw AwsFailures.classify("GetCallerIdentity", e);
      }
      ownAccount = account;
    }
    return account;
  }

  public synchronized Usage usage() {
    return new Usage(built, reused, members.size());
  }

  private Member assume(String account) {
    String role = roleArn(account);
    StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
        .stsClient(own.sts(region))
        .refreshRequest(r -> r.roleArn(role).roleSessionName(SESSION_NAME))
        .build();
    try {
      credentials.resolveCredentials();
    } catch (SdkException e) {
      credentials.close();
      RuntimeException failure = AwsFailures.classify("AssumeRole", e);
      if (failure instanceof TransientAwsException transientFailure) {
        throw transientFailure;
      }
      throw new MemberAccessException(account, "cannot act in account " + account + ": assuming " + role + " failed ("
          + failure.getMessage() + "); the member role must exist there and trust this function's role "
          + "(templates/member.yaml, docs/organization.md); nothing was done", e);
    }
    return new Member(own.withCredentials(credentials), credentials);
  }

  private String partition() {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }

  @Override
  public synchronized void close() {
    members.values().forEach(Member::close);
    members.clear();
  }
}
