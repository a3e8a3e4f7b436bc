package dev.ecsguard.rule.logging;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretDetector;
import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import dev.ecsguard.secrets.SecretScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A log driver option holds a credential in {@code options}, where it is plain text, instead of
 * {@code secretOptions}, where ECS fetches it from Secrets Manager or SSM at start. Found by the option's key
 * ({@code splunk-token}, FireLens {@code apikey}, {@code HTTP_Passwd}, {@code licenseKey}, {@code Authorization}:
 * {@link SecretDetector#configKey(String)}) when its value is a literal or a template placeholder (the pipeline fills
 * the credential in, in plain text), or by a value shaped like a credential
 * whatever the key ({@code splunk-url} with a password in it). One violation per option; a known value format
 * names the problem best, then the key. An option whose only sign is high entropy is a hint, no-high-entropy-literals'
 * finding, found by the same reading ({@link #sightings}). Values are never quoted.
 */
@RuleInfo(
    id = "log-options-no-secrets",
    profile = Profile.BASELINE,
    title = "Log driver option holds a credential in plain text",
    severity = Severity.HIGH,
    mistake = 1,
    rationale = "logConfiguration.options are part of the task definition: anyone allowed "
        + "ecs:DescribeTaskDefinition reads them, and every revision, CloudTrail record and CI log keeps them. A "
        + "Splunk HEC token or a Datadog API key there lets anyone who reads the definition write to, and often read "
        + "from, your logging account. ECS has secretOptions exactly so that these values stay in Secrets Manager "
        + "or SSM Parameter Store.",
    remediation = "Store the value in Secrets Manager or as an SSM SecureString parameter, remove the key from "
        + "options and add it to logConfiguration.secretOptions as {\"name\": \"<option>\", \"valueFrom\": \"<ARN>\"}; "
        + "give the execution role read access to it and rotate the exposed credential.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-logconfig.html",
    controls = {})
public final class LogOptionsNoSecrets implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    return sightings(container, SecretScan.of(context.derivations()), Strength.STRONG);
  }

  /**
   * One violation per option whose best detection has this strength: this rule's (STRONG), and
   * no-high-entropy-literals' hints (WEAK).
   */
  public static List<Violation> sightings(ContainerDefinition container, SecretScan scan, Strength strength) {
    LogConfiguration logs = container.logConfiguration();
    if (logs == null) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, String> option : logs.options().entrySet()) {
      check(scan, container, option.getKey(), option.getValue(), strength).ifPresent(violations::add);
    }
    return violations;
  }

  private static Optional<Violation> check(SecretScan scan, ContainerDefinition container, String key, String value,
      Strength strength) {
    Optional<Detection> byValue = scan.value(key, value);
    boolean literal = scan.isLiteral(value);
    Optional<Detection> byKey = literal ? scan.configKey(key) : Optional.empty();
    // A placeholder under a credential key is still one: the pipeline fills the credential in, in plain text.
    boolean placeholder = !literal && scan.configKey(key).isPresent() && Placeholders.contains(value);
    if (placeholder) {
      byKey = scan.configKey(key);
    }
    boolean strongValue = byValue.isPresent() && byValue.get().strength() == SecretDetector.Strength.STRONG;
    Detection found = strongValue ? byValue.get() : byKey.orElse(byValue.orElse(null));
    if (found == null || found.strength() != strength) {
      return Optional.empty();
    }
    String what = found != byKey.orElse(null) ? "a value shaped like " + found.shape()
        : placeholder ? "a template placeholder, which the pipeline fills with the credential in plain text"
        : "a literal value";
    return Optional.of(Violation.at("logConfiguration/options/" + Violation.token(key),
        "log option \"" + key + "\" of container \"" + container.name() + "\" holds " + what + " ("
            + found.detector() + "); move it to secretOptions")
        .withDetector(found.detector()));
  }
}
