package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.SecretReference;
import dev.ecsguard.model.Subject;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code secrets[].valueFrom} or {@code logConfiguration.secretOptions[].valueFrom} that ECS cannot resolve:
 * missing or empty; an ARN that is neither a Secrets Manager secret nor an SSM parameter, or is malformed (partition,
 * region, 12-digit account); a Secrets Manager ARN with optional fields that are not exactly
 * {@code :json-key:version-stage:version-id} (the agent accepts {@code secret:<name>} or all three, possibly
 * empty, and nothing in between: {@code secret:db:password} fails at start, {@code secret:db:password::} works);
 * a parameter name with characters SSM does not allow, or a hierarchy without its leading '/'. A value that is
 * itself shaped like a credential (someone pasted the secret instead of its ARN) says so, without the value.
 *
 * <p>Only well-formedness: cross-region ARNs are allowed by ECS and pass, and a bare name always means a
 * parameter in the task's own region, so RULES.md's "names another region without a full ARN" cannot be seen
 * in the definition (whether the parameter exists there is a live question for secrets-readable-by-execution-role).
 */
@RuleInfo(
    id = "secrets-valuefrom-valid",
    title = "Secret reference is not a valid Secrets Manager or SSM reference",
    severity = Severity.HIGH,
    mistake = 3,
    rationale = "ECS resolves every secret before the container starts; a valueFrom it cannot parse or look up "
        + "stops the task with ResourceInitializationError, so a typo in one reference takes the whole service "
        + "down at its next deployment or scale-out, long after the definition was registered. A valueFrom that "
        + "holds the secret itself also leaks it in the definition.",
    remediation = "Set valueFrom to the full ARN of a Secrets Manager secret "
        + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>, optionally followed by "
        + ":<json-key>:<version-stage>:<version-id> with empty parts kept, e.g. :password::), or of an SSM parameter "
        + "(arn:aws:ssm:<region>:<account>:parameter/<name>), or to the name of an SSM parameter in the task's "
        + "region (name or /path/name).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    controls = {"ECS API Secret valueFrom"})
public final class SecretsValueFromValid implements ContainerRule {

  /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
  private static final Pattern ARN = Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)", Pattern.DOTALL);
  private static final Pattern PARTITION = Pattern.compile("aws(?:-[a-z]+)*");
  private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  /** Secrets Manager secret names: letters, digits and {@code /_+=.@-}, up to 512 (plus the random suffix). */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,600}");
  /**
   * SSM parameter names: letters, digits and {@code _.-}, levels separated by '/', a hierarchy starting with
   * '/'; optionally {@code :<version or label>}, which GetParameters accepts.
   */
  private static final Pattern PARAMETER_NAME =
      Pattern.compile("(?:/?[A-Za-z0-9_.-]+|(?:/[A-Za-z0-9_.-]+)+)(?::[A-Za-z0-9_.-]{1,100})?");
  /** In an ARN the leading '/' of a hierarchy is the separator after {@code parameter}. */
  private static final Pattern PARAMETER_RESOURCE =
      Pattern.compile("parameter/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*(?::[A-Za-z0-9_.-]{1,100})?");

  @Override
  public List<Violation> check(ContainerDefinition container, Subject subject) {
    List<Violation> violations = new ArrayList<>();
    List<SecretReference> secrets = container.secrets();
    for (int j = 0; j < secrets.size(); j++) {
      check(container, "secrets/" + j, "secret", secrets.get(j)).ifPresent(violations::add);
    }
    if (container.logConfiguration() != null) {
      List<SecretReference> options = container.logConfiguration().secretOptions();
      for (int j = 0; j < options.size(); j++) {
        check(container, "logConfiguration/secretOptions/" + j, "log secret option", options.get(j))
            .ifPresent(violations::add);
      }
    }
    return violations;
  }

  private static Optional<Violation> check(ContainerDefinition container, String at, String kind, SecretReference ref) {
    Optional<String> problem = problem(ref.valueFrom());
    if (problem.isEmpty()) {
      return Optional.empty();
    }
    String name = ref.name() == null || ref.name().isBlank() ? "(unnamed)" : ref.name();
    return Optional.of(Violation.at(at + "/valueFrom", kind + " \"" + name + "\" of container \"" + container.name()
        + "\": valueFrom " + problem.get()));
  }

  /** What is wrong with a valueFrom, never quoting it; empty when ECS can resolve its shape. */
  static Optional<String> problem(String valueFrom) {
    if (valueFrom == null) {
      return Optional.of("is missing");
    }
    if (valueFrom.isBlank()) {
      return Optional.of("is empty");
    }
    if (!valueFrom.equals(valueFrom.trim())) {
      return Optional.of("has leading or trailing blanks, which are part of the name ECS looks up");
    }
    if (!valueFrom.startsWith("arn:")) {
      return parameterName(valueFrom);
    }
    Matcher arn = ARN.matcher(valueFrom);
    if (!arn.matches()) {
      return Optional.of("is not a complete ARN (arn:<partition>:<service>:<region>:<account>:<resource>)");
    }
    String service = arn.group(2);
    if (!service.equals("secretsmanager") && !service.equals("ssm")) {
      return Optional.of("is an ARN of service \"" + printable(service) + "\"; ECS reads secrets only from "
          + "Secrets Manager (secretsmanager) and SSM Parameter Store (ssm)");
    }
    if (!PARTITION.matcher(arn.group(1)).matches() || !REGION.matcher(arn.group(3)).matches()
        || !ACCOUNT.matcher(arn.group(4)).matches()) {
      return Optional.of("is a " + service + " ARN without a valid partition, region and 12-digit account");
    }
    String resource = arn.group(5);
    return service.equals("ssm") ? parameterArn(resource) : secretArn(resource);
  }

  /** {@code secret:<name>} or {@code secret:<name>:<json-key>:<version-stage>:<version-id>}. */
  private static Optional<String> secretArn(String resource) {
    String[] parts = resource.split(":", -1);
    if (!parts[0].equals("secret") || parts.length < 2 || !SECRET_NAME.matcher(parts[1]).matches()) {
      return Optional.of("is a Secrets Manager ARN whose resource is not secret:<name>");
    }
    if (parts.length != 2 && parts.length != 5) {
      return Optional.of("is a Secrets Manager ARN with " + (parts.length - 2) + " field(s) after the secret name; "
          + "ECS takes none or exactly three (:json-key:version-stage:version-id, empty ones kept as in :key::)");
    }
    return Optional.empty();
  }

  private static Optional<String> parameterArn(String resource) {
    return PARAMETER_RESOURCE.matcher(resource).matches()
        ? Optional.empty()
        : Optional.of("is an SSM ARN whose resource is not parameter/<name> with the characters SSM allows "
            + "(letters, digits, _ . - and / between levels)");
  }

  private static Optional<String> parameterName(String name) {
    if (PARAMETER_NAME.matcher(name).matches()) {
      return SecretDetector.value("", name).filter(d -> d.strength() == SecretDetector.Strength.STRONG)
          .map(d -> "looks like " + d.shape() + " itself (" + d.detector() + "), not a reference to one");
    }
    Optional<String> pasted = SecretDetector.value("", name)
        .map(d -> "looks like " + d.shape() + " itself (" + d.detector() + "), not a reference to one");
    if (pasted.isPresent()) {
      return pasted;
    }
    if (name.contains("/") && !name.startsWith("/") && name.matches("[A-Za-z0-9_./:-]+")) {
      return Optional.of("is a parameter hierarchy without the leading '/' SSM requires");
    }
    return Optional.of("is neither a Secrets Manager or SSM ARN nor an SSM parameter name (letters, digits, "
        + "_ . - and / between levels)");
  }

  /** A service name from an ARN for a message: short and without anything that could be a value. */
  private static String printable(String service) {
    return service.matches("[a-z0-9-]{1,32}") ? service : "?";
  }
}
