package dev.ecsguard.rule.secrets;

import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.iam.Decision;
import dev.ecsguard.facts.iam.IamPolicyEvaluator;
import dev.ecsguard.facts.iam.RoleReference;
import dev.ecsguard.facts.iam.SecretResource;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.SecretReference;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RegionGaps;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.rule.iam.UnverifiedOnce;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The execution role cannot read a secret the task references: {@code secretsmanager:GetSecretValue} on the
 * secret, or {@code ssm:GetParameters} on the parameter, and {@code kms:Decrypt} on the customer-managed key that
 * protects it (looked up only when the read itself is not already refused). One finding per reference, in
 * {@code secrets} and in {@code logConfiguration.secretOptions}; references that are not well formed are left to
 * secrets-valuefrom-valid.
 *
 * <p>The answer comes from the role's own policies ({@link IamPolicyEvaluator}). A secret's resource policy or a
 * key policy that names the role directly can grant what the role's policies do not; ecs-guard does not read those,
 * which the rationale says. A partial secret ARN (without the six-character suffix) is checked for whatever the
 * suffix is.
 */
@RuleInfo(
    id = "secrets-readable-by-execution-role",
    profile = Profile.BASELINE,
    title = "Execution role cannot read a secret the task references",
    severity = Severity.HIGH,
    kind = RuleKind.LIVE,
    mistake = 3,
    rationale = "ECS fetches every secret with the execution role before any container starts; one it cannot read "
        + "stops the task with ResourceInitializationError, typically at the next deployment or scale-out rather "
        + "than at registration. ecs-guard reads the execution role's attached and inline policies and evaluates "
        + "them itself, and for a secret or parameter encrypted with a customer-managed KMS key also checks "
        + "kms:Decrypt. It does not read resource policies or key policies (one that names the role can grant "
        + "access its own policies lack), service control policies or permissions boundaries; where a Condition "
        + "or a boundary decides, it says could not verify.",
    remediation = "Add to the execution role a statement allowing secretsmanager:GetSecretValue on the secret's "
        + "ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????) or ssm:GetParameters on "
        + "arn:aws:ssm:<region>:<account>:parameter/<name>, plus kms:Decrypt on the customer-managed key that "
        + "encrypts it; remove any Deny that covers them.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    controls = {})
public final class SecretsReadableByExecutionRole implements Rule {

  private record Reference(ContainerDefinition container, String field, String kind, SecretReference secret) {}

  /** A parameter named without its ARN lives in the task's region, which is unknown: a gap. */
  @Override
  public List<String> gaps(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    String role = definition.executionRoleArn();
    if (context.region() != null || role == null || role.isBlank() || !hasReferences(definition)) {
      return List.of();
    }
    for (Reference reference : references(definition)) {
      String valueFrom = reference.secret().valueFrom();
      if (valueFrom != null && !valueFrom.isBlank() && !valueFrom.trim().startsWith("arn:")) {
        return RegionGaps.ifUnknownForLookup(context);
      }
    }
    return List.of();
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    String role = definition.executionRoleArn();
    if (role == null || role.isBlank() || !hasReferences(definition)) {
      return List.of();
    }
    UnverifiedOnce unverified = new UnverifiedOnce();
    Fact<RolePolicies> fact = context.facts().rolePolicies(role.trim());
    if (fact instanceof Fact.Unknown<RolePolicies> unknown) {
      unverified.unknown(null, "/executionRoleArn", unknown);
      return unverified.violations();
    }
    RolePolicies policies = ((Fact.Known<RolePolicies>) fact).value();
    IamPolicyEvaluator evaluator = IamPolicyEvaluator.of(policies);
    RoleReference resolved = RoleReference.resolved(policies.roleArn(), role, context.account());
    String roleName = resolved.name();
    String partition = resolved.partition();
    String account = resolved.account();

    List<Violation> violations = new ArrayList<>();
    // The references and their fields are made once the role's policies are known: offline, they never are.
    for (Reference reference : references(definition)) {
      Optional<SecretResource> parsed =
          SecretResource.parse(reference.secret().valueFrom(), partition, context.region(), account);
      if (parsed.isEmpty()) {
        continue;
      }
      SecretResource secret = parsed.get();
      String container = reference.container().name();
      String subjectText = "container \"" + container + "\" " + reference.kind() + " \"" + name(reference) + "\"";
      String target = secret.noun() + " \"" + secret.name() + "\"";
      Decision read = evaluator.evaluate(secret.action(), secret.iamResource());
      if (read.refused()) {
        violations.add(Violation.inContainer(container, reference.field(), subjectText + ": execution role \""
            + roleName + "\" may not " + secret.action() + " on " + target + " (" + read.reason()
            + "): the task will not start"));
        continue;
      }
      if (read.outcome() == Decision.Outcome.UNKNOWN) {
        unverified.undecided(container, reference.field(), "whether execution role \"" + roleName + "\" may "
            + secret.action() + " on " + target + ": " + read.reason());
      }
      if (secret.kind() == SecretResource.Kind.SSM_PARAMETER && account != null && !secret.account().equals(account)) {
        unverified.undecided(container, reference.field(), "the KMS key of " + target + " in account "
            + secret.account() + " is not looked up from this account");
        continue;
      }
      Fact<Optional<String>> key = context.facts().secretKmsKey(secret.region(), secret.arn());
      if (key instanceof Fact.Unknown<Optional<String>> unknown) {
        unverified.unknown(container, reference.field(), unknown);
        continue;
      }
      Optional<String> customerKey = ((Fact.Known<Optional<String>>) key).value();
      if (customerKey.isEmpty()) {
        continue;
      }
      Decision decrypt = evaluator.evaluate("kms:Decrypt", secret.kmsKeyResource(customerKey.get()));
      String keyText = "the customer-managed KMS key " + customerKey.get() + " of " + target;
      if (decrypt.refused()) {
        violations.add(Violation.inContainer(container, reference.field(), subjectText + ": execution role \""
            + roleName + "\" may not kms:Decrypt " + keyText + " (" + decrypt.reason() + "): the task will not start"));
      } else if (decrypt.outcome() == Decision.Outcome.UNKNOWN) {
        unverified.undecided(container, reference.field(), "whether execution role \"" + roleName
            + "\" may kms:Decrypt " + keyText + ": " + decrypt.reason());
      }
    }
    violations.addAll(unverified.violations());
    return violations;
  }

  /** Whether {@link #references} has any: a secret or a log secret option in some container. */
  private static boolean hasReferences(TaskDefinition definition) {
    for (ContainerDefinition container : definition.containers()) {
      if (!container.secrets().isEmpty()
          || container.logConfiguration() != null && !container.logConfiguration().secretOptions().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static List<Reference> references(TaskDefinition definition) {
    List<Reference> references = new ArrayList<>();
    for (ContainerDefinition container : definition.containers()) {
      String at = "/containerDefinitions/" + container.index() + "/";
      List<SecretReference> secrets = container.secrets();
      for (int j = 0; j < secrets.size(); j++) {
        references.add(new Reference(container, at + "secrets/" + j, "secret", secrets.get(j)));
      }
      if (container.logConfiguration() != null) {
        List<SecretReference> options = container.logConfiguration().secretOptions();
        for (int j = 0; j < options.size(); j++) {
          references.add(new Reference(container, at + "logConfiguration/secretOptions/" + j, "log secret option",
              options.get(j)));
        }
      }
    }
    return references;
  }

  private static String name(Reference reference) {
    String name = reference.secret().name();
    return name == null || name.isBlank() ? "(unnamed)" : name;
  }
}
