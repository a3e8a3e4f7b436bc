package dev.ecsguard.cli;

import dev.ecsguard.aws.AccountClients;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.MemberRoleClients;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The accounts a command acts in, and how: {@code --role-name NAME --account ID...} (the organization's member role,
 * as the central function assumes it), for a command that sweeps accounts ({@code scan}). Use as a picocli
 * {@code @Mixin}. Without {@code --role-name}: the caller's own account only.
 */
public final class AccountOptions {

  @Option(names = "--role-name", paramLabel = "NAME",
      description = "The member role to assume in each --account (templates/member.yaml; default: none, the caller's "
          + "own account only).")
  String roleName;

  @Option(names = "--account", paramLabel = "ID", split = ",",
      description = "An account to act in (repeatable, or comma-separated); needs --role-name unless it is the "
          + "caller's own.")
  List<String> accounts = new ArrayList<>();

  /** The clients for each account: the caller's own, or through the member role; STS is asked in {@code region}. */
  public AccountClients clients(AwsClients own, String region) {
    if (roleName == null || roleName.isBlank()) {
      if (!accounts.isEmpty()) {
        throw new IllegalArgumentException("--account needs --role-name: the role to assume in those accounts");
      }
      return AccountClients.single(own);
    }
    return new MemberRoleClients(own, roleName.trim(), region, MemberRoleClients.DEFAULT_MAX_ACCOUNTS);
  }

  /** The accounts named, in order and without repeats; empty means the caller's own. */
  public List<String> accounts() {
    List<String> distinct = new ArrayList<>();
    for (String account : accounts) {
      String id = account.trim();
      if (!id.matches("[0-9]{12}")) {
        throw new IllegalArgumentException("--account: '" + id + "' is not a 12-digit AWS account id");
      }
      if (!distinct.contains(id)) {
        distinct.add(id);
      }
    }
    return distinct;
  }
}
