package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.model.Subject;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretDetector;
import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment value has the shape of a credential, whatever its name. Known formats are CRITICAL; the
 * high-entropy detector is only a hint and reports LOW (MEDIUM when the name also sounds like a credential).
 * A variable this rule and no-secret-env-names both flag is reported by both: they say different things.
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
  public List<Violation> check(ContainerDefinition container, Subject subject) {
    List<Violation> violations = new ArrayList<>();
    SecretScan scan = SecretScan.of(subject);
    List<EnvironmentVariable> environment = container.environment();
    for (int i = 0; i < environment.size(); i++) {
      EnvironmentVariable variable = environment.get(i);
      Optional<Detection> detection = scan.value(variable.name(), variable.value());
      if (detection.isEmpty()) {
        continue;
      }
      Detection found = detection.get();
      Violation violation = Violation.at("environment/" + i,
          "environment variable \"" + variable.name() + "\" of container \"" + container.name()
              + "\" holds a value shaped like " + found.shape() + " (" + found.detector() + ")")
          .withDetector(found.detector());
      violations.add(found.strength() == SecretDetector.Strength.WEAK
          ? violation.withSeverity(weakSeverity(scan, variable.name()))
          : violation);
    }
    return violations;
  }

  /** Entropy alone is a hint; with a credential name as well it is worth a closer look. */
  private static Severity weakSeverity(SecretScan scan, String name) {
    return scan.name(name).isPresent() ? Severity.MEDIUM : Severity.LOW;
  }
}
