package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretDetector;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment variable named like a credential holds a literal value, or a template placeholder
 * ({@code ${DB_PASSWORD}}, {@code {{resolve:secretsmanager:…}}}, {@code REPLACE_ME}: see {@link Placeholders}), which
 * the pipeline that fills it in turns into the real credential in {@code environment}, in plain text in every
 * revision. The exact AWS names of Security Hub ECS.8 and the keyword names of Trivy AVD-AWS-0036 and detect-secrets
 * alike. Empty values, ARNs, booleans, small numbers and file paths are not literals: see
 * {@link SecretDetector#isLiteral(String)}. A variable whose value also has a known credential format is
 * no-secret-env-values' finding, naming this rule's detector too, so that one variable is one finding
 * ({@link EnvironmentCredential}).
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
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    SecretScan scan = SecretScan.of(context.derivations());
    List<EnvironmentVariable> environment = container.environment();
    for (int i = 0; i < environment.size(); i++) {
      EnvironmentVariable variable = environment.get(i);
      Optional<EnvironmentCredential> credential = EnvironmentCredential.of(scan, variable);
      if (credential.isEmpty() || credential.get().evidence() != EnvironmentCredential.Evidence.NAME) {
        continue;
      }
      boolean awsExact = SecretDetector.AWS_EXACT.equals(credential.get().found().detector());
      String holds = credential.get().placeholder()
          ? "\" holds a template placeholder, which the pipeline fills with the credential in plain text; use secrets"
          : "\" holds a literal value; move it to secrets";
      violations.add(Violation.at("environment/" + i,
          "environment variable \"" + variable.name() + "\" of container \"" + container.name()
              + holds + hint(variable.name(), awsExact))
          .withDetector(credential.get().detector()));
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
