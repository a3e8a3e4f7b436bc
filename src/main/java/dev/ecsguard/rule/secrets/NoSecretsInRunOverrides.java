package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.RunRequest.ContainerOverride;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretDetector;
import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RunTask {@code overrides.containerOverrides[].environment} carries a credential, by value (the same detectors
 * as no-secret-env-values) or by name with a literal value (as no-secret-env-names), read as those rules read a
 * definition's variables ({@link EnvironmentCredential}): one violation per variable naming every detector that
 * fired, a known value format describing it best; or its {@code command} does (read as no-secrets-in-command reads a
 * definition's command: {@link CommandLineSecrets}), one violation per element. High entropy alone is not reported
 * here: a hint is worth a look in a definition that will be registered again, not in a RunTask that has already
 * started.
 */
@RuleInfo(
    id = "no-secrets-in-run-overrides",
    profile = Profile.BASELINE,
    title = "RunTask overrides pass a credential in plain text",
    severity = Severity.HIGH,
    kind = RuleKind.RUN,
    mistake = 3,
    rationale = "Container overrides given to RunTask are recorded in CloudTrail's requestParameters and returned "
        + "by ecs:DescribeTasks for as long as the task is listed. A credential passed this way bypasses every "
        + "check on the task definition and is readable by anyone with read access to the trail or the cluster.",
    remediation = "Do not pass credentials in containerOverrides[].environment or command: declare them once in "
        + "the task definition's secrets (valueFrom a Secrets Manager or SSM SecureString ARN) and refer to them from "
        + "the command as environment variables, or have the application fetch them at start with its task role; "
        + "rotate the credential that was passed.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    controls = {})
public final class NoSecretsInRunOverrides implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    if (context.run().isEmpty()) {
      return List.of();
    }
    RunRequest.Overrides overrides = context.run().get().overrides();
    if (overrides == null) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    SecretScan scan = SecretScan.of(context.derivations());
    for (ContainerOverride override : overrides.containers()) {
      List<EnvironmentVariable> environment = override.environment();
      for (int j = 0; j < environment.size(); j++) {
        check(scan, override, j, environment.get(j)).ifPresent(violations::add);
      }
      for (CommandLineSecrets.Hit hit : CommandLineSecrets.scan(scan, override.command())) {
        if (hit.detection().strength() == SecretDetector.Strength.STRONG) {
          violations.add(command(override, hit));
        }
      }
    }
    return violations;
  }

  private static Violation command(ContainerOverride override, CommandLineSecrets.Hit hit) {
    Detection found = hit.detection();
    String what = hit.what() != null ? hit.what() : NoSecretsInCommand.describe(found);
    Violation violation = Violation.inContainer(override.name(),
        "/overrides/containerOverrides/" + override.index() + "/command/" + hit.element(),
        "RunTask override of container \"" + override.name() + "\" passes command[" + hit.element() + "] holding "
            + what + " (" + found.detector() + ")");
    return violation.withDetector(found.detector());
  }

  private static Optional<Violation> check(SecretScan scan, ContainerOverride override, int j,
      EnvironmentVariable variable) {
    Optional<EnvironmentCredential> credential = EnvironmentCredential.of(scan, variable);
    if (credential.isEmpty() || credential.get().evidence() == EnvironmentCredential.Evidence.HINT) {
      return Optional.empty();
    }
    String what = credential.get().evidence() == EnvironmentCredential.Evidence.NAME
        ? "a literal value" : "a value shaped like " + credential.get().found().shape();
    return Optional.of(Violation.inContainer(override.name(),
        "/overrides/containerOverrides/" + override.index() + "/environment/" + j,
        "RunTask override of container \"" + override.name() + "\" sets environment variable \""
            + variable.name() + "\" to " + what + " (" + credential.get().detector() + ")")
        .withDetector(credential.get().detector()));
  }
}
