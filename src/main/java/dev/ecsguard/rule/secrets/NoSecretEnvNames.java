package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.model.Placeholders;
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
 * An environment variable named like a credential holds a literal value. The exact AWS names of Security Hub
 * ECS.8 are CRITICAL; the keyword names (Trivy AVD-AWS-0036, detect-secrets) keep the rule's HIGH. Empty
 * values, ARNs, booleans, small numbers and file paths are not literals: see {@link SecretDetector#isLiteral(String)}.
 * A template placeholder ({@code ${DB_PASSWORD}}, {@code {{resolve:secretsmanager:…}}}, {@code REPLACE_ME}: see
 * {@link Placeholders}) is still a finding: the pipeline that fills it in writes the real credential into
 * {@code environment}, in plain text in every revision.
 */
@RuleInfo(
    id = "no-secret-env-names",
    profile = Profile.BASELINE,
    title = "Credential-named environment variable holds a plain-text value",
    severity = Severity.HIGH,
    mistake = 3,
    rationale = "Environment values are part of the task definition: anyone allowed ecs:DescribeTaskDefinition "
        + "or ecs:DescribeTasks reads them, and they stay in every revision, in CloudTrail and in CI logs. A "
        + "variable named like a password, token or key almost always holds exactly that.",
    remediation = "Move the variable from environment to secrets with valueFrom set to the ARN of a Secrets "
        + "Manager secret or SSM SecureString parameter, and let the execution role read it; for AWS access keys, "
        + "drop them and give the task a taskRoleArn instead.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    controls = {
        "Security Hub ECS.8",
        "AWS Config ecs-no-environment-secrets",
        "Control Tower CT.ECS.PR.12",
        "Trivy AVD-AWS-0036",
        "KICS ECS Task Definition Container With Plaintext Password"})
public final class NoSecretEnvNames implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, Subject subject) {
    List<Violation> violations = new ArrayList<>();
    SecretScan scan = SecretScan.of(subject);
    List<EnvironmentVariable> environment = container.environment();
    for (int i = 0; i < environment.size(); i++) {
      EnvironmentVariable variable = environment.get(i);
      Optional<Detection> detection = scan.name(variable.name());
      if (detection.isEmpty()) {
        continue;
      }
      boolean literal = scan.isLiteral(variable.value());
      boolean placeholder = !literal && Placeholders.contains(variable.value());
      if (!literal && !placeholder) {
        continue;
      }
      boolean awsExact = SecretDetector.AWS_EXACT.equals(detection.get().detector());
      String holds = placeholder
          ? "\" holds a template placeholder, which the pipeline fills with the credential in plain text; use secrets"
          : "\" holds a literal value; move it to secrets";
      Violation violation = Violation.at("environment/" + i,
          "environment variable \"" + variable.name() + "\" of container \"" + container.name()
              + holds + hint(variable.name(), awsExact))
          .withDetector(detection.get().detector());
      violations.add(awsExact ? violation.withSeverity(Severity.CRITICAL) : violation);
    }
    return violations;
  }

  private static String hint(String name, boolean awsExact) {
    if (!awsExact) {
      return "";
    }
    return name.trim().toUpperCase(java.util.Locale.ROOT).startsWith("AWS_")
        ? " (better: drop static AWS keys and give the task a taskRoleArn)"
        : " (better: use repositoryCredentials for registry authentication)";
  }
}
