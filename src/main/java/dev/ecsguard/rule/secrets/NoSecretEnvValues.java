package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment value has the format of a credential (an AWS key, a private key, a GitHub, Slack or Stripe token, a
 * JWT, a URL with a password...), whatever its name. When the name says credential too, this is still one finding,
 * this rule's, naming both detectors ({@code name:keyword:token+github-pat}): see {@link EnvironmentCredential}. A
 * high-entropy value of no known format is only a hint, no-high-entropy-literals' (or, under a credential name,
 * no-secret-env-names').
 */
@RuleInfo(
    id = "no-secret-env-values",
    profile = Profile.BASELINE,
    title = "Environment variable value looks like a credential",
    severity = Severity.CRITICAL,
    mistake = 3,
    rationale = "A value shaped like an AWS key, a private key, a GitHub, Slack or Stripe token, a JWT or a "
        + "connection string with a password is readable by anyone allowed ecs:DescribeTaskDefinition, and it "
        + "stays in every revision. Names hide nothing: GIT_HELPER=ghp_... leaks as surely as GITHUB_TOKEN.",
    remediation = "Revoke and rotate the credential, then move it from environment to secrets with valueFrom "
        + "set to a Secrets Manager secret or SSM SecureString parameter ARN (for a URL, keep the URL without "
        + "the password and inject the password as a secret).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    controls = {
        "Prowler ecs_task_definitions_no_environment_secrets",
        "Trivy AVD-AWS-0036",
        "gitleaks",
        "detect-secrets"})
public final class NoSecretEnvValues implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    return sightings(container, SecretScan.of(context.derivations()), EnvironmentCredential.Evidence.VALUE);
  }

  /**
   * The container's variables recognised on this evidence, one violation each: this rule's (a known format), and
   * no-high-entropy-literals' hints, which read the same variables the same way.
   */
  static List<Violation> sightings(ContainerDefinition container, SecretScan scan,
      EnvironmentCredential.Evidence evidence) {
    List<Violation> violations = new ArrayList<>();
    List<EnvironmentVariable> environment = container.environment();
    for (int i = 0; i < environment.size(); i++) {
      EnvironmentVariable variable = environment.get(i);
      Optional<EnvironmentCredential> credential = EnvironmentCredential.of(scan, variable);
      if (credential.isEmpty() || credential.get().evidence() != evidence) {
        continue;
      }
      violations.add(Violation.at("environment/" + i,
          "environment variable \"" + variable.name() + "\" of container \"" + container.name()
              + "\" holds a value shaped like " + credential.get().found().shape() + " ("
              + credential.get().detector() + ")")
          .withDetector(credential.get().detector()));
    }
    return violations;
  }
}
