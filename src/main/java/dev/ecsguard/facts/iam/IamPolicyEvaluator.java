package dev.ecsguard.facts.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.facts.RolePolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides, from a role's identity policies alone, whether the role may perform an action on a resource: the
 * part of IAM's evaluation that a task definition's failures hinge on, done without {@code
 * iam:SimulatePrincipalPolicy} (a write-adjacent permission users rarely grant a checker, and which moto does not
 * implement).
 *
 * <p>Modelled: {@code Effect} Allow and Deny, an explicit Deny winning over any Allow; {@code Action} and
 * {@code NotAction}, {@code Resource} and {@code NotResource}, each a string or a list, as set logic; wildcards
 * {@code *} and {@code ?} (actions case-insensitive, resources case-sensitive); {@code Statement} as an object or
 * a list; every attached and inline policy of the role.
 *
 * <p>Not modelled, and reported as {@link Decision.Outcome#UNKNOWN} only where it could change the answer:
 * {@code Condition} blocks (an Allow under a Condition with no unconditional Allow, or a conditional Deny that
 * could take an Allow away); policy variables in resources ({@code ${aws:username}}); a permissions boundary on
 * the role (it can only narrow, so it makes an Allow unknown and leaves Deny and "not allowed" as they are).
 *
 * <p>Never seen, so never reported: service control policies and resource control policies of the
 * organization (they can only take an Allow away), session policies (ECS passes none), and resource-based
 * policies (a secret's resource policy or a KMS key policy can grant a role of the same account what its own
 * policies do not, and a key policy must allow the use of a customer key in any case). {@code ALLOWED} and
 * {@code NOT_ALLOWED} are therefore about the role's own policies; rules say so in their rationale.
 *
 * <p>A question may hold wildcards that stand for one string not known exactly (a secret ARN whose random
 * suffix is unknown: {@code …:secret:db-??????}): ALLOWED then means allowed whatever the string is, DENIED
 * denied whatever it is, NOT_ALLOWED that no Allow applies to any of them, and UNKNOWN anything in between.
 * Whether a role may do everything ({@link #everything()}) is a different question and has its own method.
 */
public final class IamPolicyEvaluator {

  private static final String VARIABLES_VERSION = "2012-10-17";

  private final List<PolicyStatement> statements;
  private final List<String> unreadable;
  private final String permissionsBoundary;

  private IamPolicyEvaluator(List<PolicyStatement> statements, List<String> unreadable, String permissionsBoundary) {
    this.statements = statements;
    this.unreadable = unreadable;
    this.permissionsBoundary = permissionsBoundary;
  }

  /**
   * The evaluator of a role's policies. The documents are labelled for messages by the attached policies'
   * names, in order, then {@code inline policy 1, 2…} (the order {@link RolePolicies} keeps).
   */
  public static IamPolicyEvaluator of(RolePolicies policies) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < policies.documents().size(); i++) {
      names.add(i < policies.attachedPolicyArns().size()
          ? "policy \"" + lastSegment(policies.attachedPolicyArns().get(i)) + "\""
          : "inline policy " + (i - policies.attachedPolicyArns().size() + 1));
    }
    return of(policies.documents(), names, policies.permissionsBoundary());
  }

  /** The evaluator of policy documents with their labels, for a role with that boundary (or null). */
  public static IamPolicyEvaluator of(List<JsonNode> documents, List<String> labels, String permissionsBoundary) {
    List<PolicyStatement> statements = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (int d = 0; d < documents.size(); d++) {
      JsonNode document = documents.get(d);
      String label = d < labels.size() ? labels.get(d) : "policy " + (d + 1);
      JsonNode body = document == null ? null : document.get("Statement");
      if (body == null || !(body.isObject() || body.isArray())) {
        unreadable.add(label);
        continue;
      }
      boolean variables = VARIABLES_VERSION.equals(document.path("Version").asText(""));
      List<JsonNode> list = new ArrayList<>();
      if (body.isArray()) {
        body.forEach(list::add);
      } else {
        list.add(body);
      }
      for (int s = 0; s < list.size(); s++) {
        String sid = list.get(s).path("Sid").asText("");
        String statementLabel = label + (sid.matches("[A-Za-z0-9_-]{1,100}") ? " statement \"" + sid + "\""
            : list.size() > 1 ? " statement " + (s + 1) : "");
        Optional<PolicyStatement> read = PolicyStatement.read(list.get(s), statementLabel, variables);
        if (read.isPresent()) {
          statements.add(read.get());
        } else {
          unreadable.add(statementLabel);
        }
      }
    }
    return new IamPolicyEvaluator(List.copyOf(statements), List.copyOf(unreadable), permissionsBoundary);
  }

  /**
   * May the role perform {@code action} ({@code service:Operation}) on {@code resource} (an ARN)?
   */
  public Decision evaluate(String action, String resource) {
    Glob a = Glob.action(action);
    Glob r = Glob.resource(resource, false);
    Optional<PolicyStatement> denied = first(s -> !s.allow() && !s.conditional() && s.appliesToAll(a, r));
    if (denied.isPresent()) {
      return Decision.denied(denied.get().label());
    }
    Optional<PolicyStatement> grant = first(s -> s.allow() && !s.conditional() && s.appliesToAll(a, r));
    Optional<PolicyStatement> maybeDenied = first(s -> !s.allow() && s.appliesToSome(a, r));
    if (grant.isPresent()) {
      String by = grant.get().label();
      if (maybeDenied.isPresent()) {
        return Decision.unknown("allowed by " + by + ", but " + maybeDenied.get().label() + " may deny it: it "
            + why(maybeDenied.get()), by);
      }
      return uncertainGrant(by).orElseGet(() -> Decision.allowed(by));
    }
    Optional<PolicyStatement> maybeAllowed = first(s -> s.allow() && s.appliesToSome(a, r));
    if (maybeAllowed.isPresent()) {
      return Decision.unknown("only " + maybeAllowed.get().label() + " may allow it, and it "
          + why(maybeAllowed.get()), null);
    }
    if (!unreadable.isEmpty()) {
      return Decision.unknown(unreadable.get(0) + " could not be read and may allow it", null);
    }
    return Decision.notAllowed("no statement allows it");
  }

  /**
   * Does a statement allow every action on every resource ({@code Action} {@code *} or {@code *:*} with
   * {@code Resource} {@code *}), the shape of AdministratorAccess? A Deny that takes away part of it does not
   * make such a grant narrow (it is named in the reason); a Deny of everything does, and a conditional one, a
   * boundary or an Allow of everything under a Condition leave it unknown.
   */
  public Decision everything() {
    Glob a = Glob.action("*:*");
    Glob r = Glob.resource("*", false);
    Optional<PolicyStatement> denied = first(s -> !s.allow() && !s.conditional() && s.appliesToAll(a, r));
    if (denied.isPresent()) {
      return Decision.denied(denied.get().label());
    }
    Optional<PolicyStatement> grant = first(s -> s.allow() && !s.conditional() && s.appliesToAll(a, r));
    if (grant.isPresent()) {
      String by = grant.get().label();
      Optional<PolicyStatement> maybeDenied = first(s -> !s.allow() && s.conditional() && s.appliesToAll(a, r));
      if (maybeDenied.isPresent()) {
        return Decision.unknown("allowed by " + by + ", but " + maybeDenied.get().label()
            + " may deny everything: it has a Condition ecs-guard does not evaluate", by);
      }
      Optional<Decision> uncertain = uncertainGrant(by);
      if (uncertain.isPresent()) {
        return uncertain.get();
      }
      Optional<PolicyStatement> carveOut = first(s -> !s.allow() && s.appliesToSome(a, r));
      return carveOut.isEmpty() ? Decision.allowed(by)
          : new Decision(Decision.Outcome.ALLOWED, "allowed by " + by + " (" + carveOut.get().label()
              + " denies part of it)", by);
    }
    Optional<PolicyStatement> conditional = first(s -> s.allow() && s.conditional() && s.appliesToAll(a, r));
    if (conditional.isPresent()) {
      return Decision.unknown("only " + conditional.get().label()
          + " allows everything, under a Condition ecs-guard does not evaluate", null);
    }
    if (!unreadable.isEmpty()) {
      return Decision.unknown(unreadable.get(0) + " could not be read and may allow everything", null);
    }
    return Decision.notAllowed("no statement allows every action on every resource");
  }

  /** What keeps an unconditional Allow from being an answer: a statement that cannot be read, a boundary. */
  private Optional<Decision> uncertainGrant(String by) {
    if (!unreadable.isEmpty()) {
      return Optional.of(Decision.unknown("allowed by " + by + ", but " + unreadable.get(0)
          + " could not be read and may deny it", by));
    }
    if (permissionsBoundary != null) {
      return Optional.of(Decision.unknown("allowed by " + by + ", but the role has a permissions boundary ("
          + lastSegment(permissionsBoundary) + ") that ecs-guard does not evaluate", by));
    }
    return Optional.empty();
  }

  /** Why a statement that may apply does not settle the question. */
  private static String why(PolicyStatement statement) {
    if (statement.conditional()) {
      return "has a Condition ecs-guard does not evaluate";
    }
    if (statement.usesVariables()) {
      return "uses a policy variable in its Resource";
    }
    return "applies to only some of the resources this may be";
  }

  private Optional<PolicyStatement> first(Predicate<PolicyStatement> test) {
    return statements.stream().filter(test).findFirst();
  }

  private static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
