package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
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
 * A credential is written into {@code command}, {@code entryPoint}, {@code healthCheck.command} or
 * {@code dockerLabels}. Commands are read by {@link CommandLineSecrets} (one violation per element, at
 * {@code command/<j>}, {@code healthCheck/command/<j>}); a label by its value's shape or
 * by its name ({@link SecretDetector#configKey(String)}) with a literal value (at {@code dockerLabels/<name>}).
 * An element or label whose only sign is high entropy is a hint, no-high-entropy-literals' finding, found by the
 * same reading ({@link #sightings}). Values and flags are never quoted: a flag may have the value glued to it.
 */
@RuleInfo(
    id = "no-secrets-in-command",
    profile = Profile.BASELINE,
    title = "Command, entry point, health check or Docker label holds a credential",
    severity = Severity.HIGH,
    mistake = 3,
    rationale = "command, entryPoint, healthCheck.command and dockerLabels are plain text in the task definition, "
        + "readable by anyone allowed ecs:DescribeTaskDefinition or ecs:DescribeTasks, kept in every revision and in "
        + "CloudTrail, and a running command line (the health check's too) is visible to every process in the "
        + "container (ps, /proc/<pid>/cmdline). Moving a "
        + "password from environment to a --password flag hides it from the environment checks, not from readers.",
    remediation = "Declare the credential in secrets (valueFrom a Secrets Manager or SSM SecureString ARN) and "
        + "reference it from the command as an environment variable (sh -c 'app --password \"$DB_PASSWORD\"'), or "
        + "use the tool's file or stdin option (--password-file, --password-stdin); never put credentials in "
        + "labels. Rotate the exposed credential.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    controls = {})
public final class NoSecretsInCommand implements ContainerRule {

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    return sightings(container, SecretScan.of(context.derivations()), Strength.STRONG);
  }

  /**
   * One violation per element or label whose best detection has this strength: this rule's (STRONG), and
   * no-high-entropy-literals' hints (WEAK).
   */
  static List<Violation> sightings(ContainerDefinition container, SecretScan scan, Strength strength) {
    List<Violation> violations = new ArrayList<>();
    arguments(scan, container, "command", container.command(), strength, violations);
    arguments(scan, container, "entryPoint", container.entryPoint(), strength, violations);
    arguments(scan, container, "healthCheck/command", container.healthCheckCommand(), strength, violations);
    for (Map.Entry<String, String> label : container.dockerLabels().entrySet()) {
      label(scan, container, label.getKey(), label.getValue(), strength).ifPresent(violations::add);
    }
    return violations;
  }

  private static void arguments(SecretScan scan, ContainerDefinition container, String field, List<String> elements,
      Strength strength, List<Violation> out) {
    for (CommandLineSecrets.Hit hit : CommandLineSecrets.scan(scan, elements)) {
      Detection found = hit.detection();
      if (found.strength() != strength) {
        continue;
      }
      String what = hit.what() != null ? hit.what() : describe(found);
      out.add(Violation.at(field + "/" + hit.element(),
          field.replace('/', '.') + "[" + hit.element() + "] of container \"" + container.name() + "\" holds " + what
              + " (" + found.detector() + ")").withDetector(found.detector()));
    }
  }

  /** The label when its best detection (its value's format, its name with a literal, entropy) has this strength. */
  private static Optional<Violation> label(SecretScan scan, ContainerDefinition container, String name, String value,
      Strength strength) {
    Optional<Detection> byValue = scan.value(name, value)
        .filter(d -> d.strength() == Strength.STRONG)
        .or(() -> scan.inText(value));
    Optional<Detection> byName = scan.isLiteral(value) ? scan.configKey(name) : Optional.empty();
    Optional<Detection> weak = scan.value(name, value).filter(d -> d.strength() == Strength.WEAK);
    Detection found = byValue.or(() -> byName).or(() -> weak).orElse(null);
    if (found == null || found.strength() != strength) {
      return Optional.empty();
    }
    String what = byValue.isEmpty() && byName.isPresent() ? "a literal value" : describe(found);
    return Optional.of(Violation.at("dockerLabels/" + Violation.token(name),
        "Docker label \"" + name + "\" of container \"" + container.name() + "\" holds " + what + " ("
            + found.detector() + ")").withDetector(found.detector()));
  }

  /** What the detection says the text holds, for a message. */
  static String describe(Detection found) {
    if (found.detector().startsWith("name:")) {
      return "a credential-named setting with a literal value";
    }
    if (found.detector().equals("authorization-header")) {
      return "an Authorization header with literal credentials";
    }
    return "a value shaped like " + found.shape();
  }
}
