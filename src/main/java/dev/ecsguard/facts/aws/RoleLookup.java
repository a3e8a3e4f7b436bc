package dev.ecsguard.facts.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.iam.RoleReference;
import dev.ecsguard.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * A role's identity policies, read with the IAM calls a read-only checker is normally granted: {@code GetRole}
 * (its ARN and permissions boundary), {@code ListAttachedRolePolicies} with {@code GetPolicy} and
 * {@code GetPolicyVersion} (each managed policy's default version), {@code ListRolePolicies} with
 * {@code GetRolePolicy} (each inline policy). That is {@code 3 + 2 × attached + inline} calls, every one through
 * {@link FactCalls} and so within the event's budget; once the lists are known, a role the event's remaining
 * calls cannot finish is given up before its documents are fetched. The first call that fails makes the whole
 * answer unknown, since a missing policy could hold the Deny that decides.
 *
 * <p>The role is looked up by name in the account ecs-guard runs in. A role the account does not have is an
 * unknown ({@code NOT_APPLICABLE}, "no role named …"), not a known "does not exist": IAM is eventually consistent,
 * a role created by the same deployment seconds earlier may not be visible yet, and an unknown is neither cached
 * nor enforced on. A role ARN of another account is not applicable either: its policies cannot be read from here,
 * and a role of the same name in this account is a different role.
 */
final class RoleLookup {

  /** More pages than any role has (20 managed policies at most; inline ones share 10 KB): a bound, not a limit. */
  private static final int MAX_PAGES = 3;

  private RoleLookup() {}

  static Fact<RolePolicies> policies(FactCalls calls, AwsClients clients, String roleArn) {
    RoleReference role = RoleReference.parse(roleArn).orElse(null);
    if (role == null) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "role \"" + roleArn + "\" is neither a role ARN nor a role name",
          null);
    }
    String name = role.name();
    IamClient iam = clients.iam();
    Fact<Role> found = calls.call("role " + name, "iam:GetRole", () -> iam.getRole(r -> r.roleName(name)).role(),
        e -> e instanceof NoSuchEntityException
            ? Fact.unknown(Fact.Reason.NOT_APPLICABLE, "no role named " + name + " in this account", null) : null);
    if (!(found instanceof Fact.Known<Role> known)) {
      return relay(found);
    }
    Role read = known.value();
    String account = RoleReference.accountOf(read.arn()).orElse(null);
    if (role.account() != null && !role.account().equals(account)) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "role " + name + " is in account " + role.account()
          + ", whose policies cannot be read from this account", null);
    }
    String boundary = read.permissionsBoundary() == null ? null : read.permissionsBoundary().permissionsBoundaryArn();

    List<String> attached = new ArrayList<>();
    String marker = null;
    for (int page = 0; ; page++) {
      if (page == MAX_PAGES) {
        return tooMany(name);
      }
      String from = marker;
      Fact<ListAttachedRolePoliciesResponse> listed = calls.call("managed policies of role " + name,
          "iam:ListAttachedRolePolicies", () -> iam.listAttachedRolePolicies(r -> r.roleName(name).marker(from)), null);
      if (!(listed instanceof Fact.Known<ListAttachedRolePoliciesResponse> list)) {
        return relay(listed);
      }
      list.value().attachedPolicies().stream().map(AttachedPolicy::policyArn).forEach(attached::add);
      marker = list.value().marker();
      if (!Boolean.TRUE.equals(list.value().isTruncated()) || marker == null) {
        break;
      }
    }

    // Half a role's policies answer nothing: give up before spending calls the event cannot finish with.
    Fact<RolePolicies> unaffordable = calls.refuseUnlessAffordable(2 * attached.size() + 1, "policies of role " + name);
    if (unaffordable != null) {
      return unaffordable;
    }
    List<JsonNode> documents = new ArrayList<>();
    for (String policyArn : attached) {
      Fact<String> version = calls.call("policy " + policyArn, "iam:GetPolicy",
          () -> iam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId(), null);
      if (!(version instanceof Fact.Known<String> id)) {
        return relay(version);
      }
      Fact<String> document = calls.call("policy " + policyArn + " version " + id.value(), "iam:GetPolicyVersion",
          () -> iam.getPolicyVersion(r -> r.policyArn(policyArn).versionId(id.value())).policyVersion().document(),
          null);
      Fact<JsonNode> parsed = parse(document, "policy " + policyArn);
      if (!(parsed instanceof Fact.Known<JsonNode> json)) {
        return relay(parsed);
      }
      documents.add(json.value());
    }

    List<String> inline = new ArrayList<>();
    marker = null;
    for (int page = 0; ; page++) {
      if (page == MAX_PAGES) {
        return tooMany(name);
      }
      String from = marker;
      Fact<ListRolePoliciesResponse> listed = calls.call("inline policies of role " + name, "iam:ListRolePolicies",
          () -> iam.listRolePolicies(r -> r.roleName(name).marker(from)), null);
      if (!(listed instanceof Fact.Known<ListRolePoliciesResponse> list)) {
        return relay(listed);
      }
      inline.addAll(list.value().policyNames());
      marker = list.value().marker();
      if (!Boolean.TRUE.equals(list.value().isTruncated()) || marker == null) {
        break;
      }
    }
    unaffordable = calls.refuseUnlessAffordable(inline.size(), "inline policies of role " + name);
    if (unaffordable != null) {
      return unaffordable;
    }
    for (String policyName : inline) {
      Fact<String> document = calls.call("inline policy " + policyName + " of role " + name, "iam:GetRolePolicy",
          () -> iam.getRolePolicy(r -> r.roleName(name).policyName(policyName)).policyDocument(), null);
      Fact<JsonNode> parsed = parse(document, "inline policy " + policyName + " of role " + name);
      if (!(parsed instanceof Fact.Known<JsonNode> json)) {
        return relay(parsed);
      }
      documents.add(json.value());
    }
    return Fact.known(new RolePolicies(read.arn(), List.copyOf(attached), List.copyOf(documents), boundary));
  }

  /**
   * IAM returns documents URL-encoded (RFC 3986, where a space is {@code %20} and a {@code +} may stay as it is, so
   * a {@code +} is a plus, not a form-encoded space); an emulator may not encode them at all.
   */
  static String decode(String document) {
    String trimmed = document.trim();
    return trimmed.startsWith("{") ? trimmed
        : URLDecoder.decode(trimmed.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static Fact<JsonNode> parse(Fact<String> document, String what) {
    if (!(document instanceof Fact.Known<String> text)) {
      return relay(document);
    }
    try {
      return Fact.known(Json.MAPPER.readTree(decode(text.value())));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Fact.unknown(Fact.Reason.FAILED, what + ": the document is not JSON", null);
    }
  }

  private static Fact<RolePolicies> tooMany(String name) {
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "role " + name + " has more policies than ecs-guard reads", null);
  }

  /** The same unknown, typed for the answer (FactCalls already recorded it if it was transient). */
  private static <T> Fact<T> relay(Fact<?> unknown) {
    Fact.Unknown<?> u = (Fact.Unknown<?>) unknown;
    return Fact.unknown(u.reason(), u.detail(), u.permission());
  }
}
