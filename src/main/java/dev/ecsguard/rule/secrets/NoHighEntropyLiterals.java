package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.rule.logging.LogOptionsNoSecrets;
import dev.ecsguard.secrets.SecretDetector.Strength;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;

/**
 * A literal that looks random (long, mixed case and digits, high Shannon entropy) where no detector recognises a
 * credential: the weak signal of the secret detector, reported on its own as a hint to look at. Read exactly as the
 * credential rules read the same fields, so a field is never both their finding and this one: environment values
 * under ordinary names (no-secret-env-values, no-secret-env-names), {@code command}, {@code entryPoint} elements and
 * Docker labels (no-secrets-in-command), log driver options (log-options-no-secrets). A random-looking value under
 * a credential name is no-secret-env-names' finding, not a hint. RunTask overrides are not read: a hint is worth a
 * look in a definition, not in a task that has already started.
 */
@RuleInfo(
    id = "no-high-entropy-literals",
    profile = Profile.RESTRICTED,
    title = "Plain-text value looks like a random secret",
    severity = Severity.LOW,
    mistake = 3,
    rationale = "Credentials of formats no detector knows (an internal service's API key, a random password) show "
        + "mostly as long random strings. Such a value in the task definition is readable by anyone allowed "
        + "ecs:DescribeTaskDefinition and kept in every revision; it may also be a harmless random id, which only a "
        + "person can tell.",
    remediation = "Look at the value: if it is a credential, move it to secrets (or secretOptions for a log "
        + "option), valueFrom a Secrets Manager secret or SSM SecureString parameter, and rotate it; if it is not, "
        + "accept the finding with a policy exemption for the family.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    controls = {"detect-secrets high-entropy strings", "gitleaks generic-api-key"})
public final class NoHighEntropyLiterals implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    SecretScan scan = SecretScan.of(context.derivations());
    List<Violation> hints = new ArrayList<>();
    hints.addAll(NoSecretEnvValues.sightings(container, scan, EnvironmentCredential.Evidence.HINT));
    hints.addAll(NoSecretsInCommand.sightings(container, scan, Strength.WEAK));
    hints.addAll(LogOptionsNoSecrets.sightings(container, scan, Strength.WEAK));
    return hints;
  }
}
