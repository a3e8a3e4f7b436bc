package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.SecretReference;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.secrets.SecretDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code secrets[].valueFrom} or {@code logConfiguration.secretOptions[].valueFrom} that ECS cannot resolve:
 * missing or empty; an ARN that is neither a Secrets Manager secret nor an SSM parameter, or is malformed (partition,
 * region, 12-digit account); a Secrets Manager ARN with optional fields that are not exactly
 * {@code :json-key:version-stage:version-id} (the agent accepts {@code secret:<name>} or all three, possibly
 * empty, and nothing in between: {@code secret:db:password} fails at start, {@code secret:db:password::} works);
 * a parameter name with characters SSM does not allow, or a hierarchy without its leading '/'. A value that is
 * itself shaped like a credential (someone pasted the secret instead of its ARN) says so, without the value.
 * {@code repositoryCredentials.credentialsParameter} is a reference too, to a Secrets Manager secret only: its full
 * ARN or, in the task's region, its name; anything else (an SSM parameter, a {@code user:password} or token pasted
 * in its place) cannot pull the image, and a pasted credential leaks.
 *
 * <p>Only well-formedness: cross-region ARNs are allowed by ECS and pass, and a bare name always means a
 * parameter in the task's own region, so RULES.md's "names another region without a full ARN" cannot be seen
 * in the definition (whether the parameter exists there is a live question for secrets-readable-by-execution-role).
 */
@RuleInfo(
    id = "secrets-valuefrom-valid",
    profile = Profile.BASELINE,
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
        + "region (name or /path/name). Set repositoryCredentials.credentialsParameter to the ARN (or, in the task's "
        + "region, the name) of a Secrets Manager secret holding the registry's username and password.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    controls = {"ECS API Secret valueFrom"})
public final class SecretsValueFromValid implements ContainerRule {

  /** aws, aws-cn, aws-us-gov. */
  private static final Pattern PARTITION = Pattern.compile("aws(?:-[a-z]+)*");
  /** us-east-1, us-gov-west-1, ap-southeast-10. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  /**
   * Secrets Manager secret names: letters, digits and {@code /_+=.@-}, up to 512 (plus the random suffix); '!' too:
   * RDS names the secrets it manages rds!cluster-<id> and rds!db-<id>.
   */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@!-]{1,600}");
  /** An SSM parameter ARN's resource: {@code parameter/<name>}, levels separated by '/', optionally a version. */
  private static final Pattern PARAMETER_RESOURCE =
      Pattern.compile("parameter/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*(?::[A-Za-z0-9_.-]{1,100})?");
  /**
   * SSM parameter names: letters, digits and {@code _.-}, levels separated by '/', a hierarchy starting with
   * '/'; optionally {@code :<version or label>}, which GetParameters accepts.
   */
  private static final Pattern PARAMETER_NAME =
      Pattern.compile("(?:/?[A-Za-z0-9_.-]+|(?:/[A-Za-z0-9_.-]+)+)(?::[A-Za-z0-9_.-]{1,100})?");

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    List<SecretReference> secrets = container.secrets();
    for (int j = 0; j < secrets.size(); j++) {
      check(context, container, "secrets/", j, "secret", secrets.get(j)).ifPresent(violations::add);
    }
    if (container.logConfiguration() != null) {
      List<SecretReference> options = container.logConfiguration().secretOptions();
      for (int j = 0; j < options.size(); j++) {
        check(context, container, "logConfiguration/secretOptions/", j, "log secret option", options.get(j))
            .ifPresent(violations::add);
      }
    }
    if (container.repositoryCredentials()) {
      String parameter = container.repositoryCredentialsParameter();
      registryCredentialsProblem(parameter).ifPresent(problem -> {
        Violation violation = Violation.at("repositoryCredentials/credentialsParameter", "repositoryCredentials of "
            + "container \"" + container.name() + "\": credentialsParameter " + problem);
        // A credential pasted where its reference belongs: the finding names the detector, as the message does.
        violations.add(parameter == null ? violation : SecretDetector.value("", parameter.trim())
            .filter(found -> problem.contains("(" + found.detector() + ")"))
            .map(found -> violation.withDetector(found.detector())).orElse(violation));
      });
    }
    return violations;
  }

  /**
   * What is wrong with {@code repositoryCredentials.credentialsParameter}, never quoting it: the full ARN of a
   * Secrets Manager secret, or the name of one in the task's region (the secret holds the registry's username and
   * password as JSON). Empty when ECS can resolve its shape.
   */
  static Optional<String> registryCredentialsProblem(String parameter) {
    if (parameter == null) {
      return Optional.of("is missing");
    }
    if (parameter.startsWith("arn:")) {
      Optional<String> problem = problem(parameter);
      if (problem.isEmpty() && !parameter.contains(":secretsmanager:")) {
        return Optional.of("is an SSM parameter ARN; repositoryCredentials reads only Secrets Manager secrets");
      }
      return problem;
    }
    Optional<SecretDetector.Detection> pasted = SecretDetector.value("", parameter.trim());
    boolean validName = isSecretName(parameter);
    if (pasted.isPresent() && (!validName || pasted.get().strength() == SecretDetector.Strength.STRONG)) {
      return Optional.of("looks like " + pasted.get().shape() + " itself (" + pasted.get().detector()
          + "), not a reference to one");
    }
    if (parameter.isBlank()) {
      return Optional.of("is empty");
    }
    return validName
        ? Optional.empty()
        : Optional.of("is neither a Secrets Manager ARN nor a secret name (letters, digits and / _ + = . @ -): a "
            + "credential written in place of the reference to its secret, or a typo");
  }

  /** The reference at {@code list + index}; its field is made only for a violation (most references are valid). */
  private static Optional<Violation> check(EvaluationContext context, ContainerDefinition container, String list, int index,
      String kind, SecretReference ref) {
    if (Placeholders.inTemplate(context.subject(), ref.valueFrom())) {
      return Optional.empty(); // arn:aws:secretsmanager:${AWS_REGION}:…, filled in by the pipeline
    }
    Optional<String> problem = problem(ref.valueFrom());
    if (problem.isEmpty()) {
      return Optional.empty();
    }
    String name = ref.name() == null || ref.name().isBlank() ? "(unnamed)" : ref.name();
    Violation violation = Violation.at(list + index + "/valueFrom", kind + " \"" + name + "\" of container \""
        + container.name() + "\": valueFrom " + problem.get());
    // A credential pasted where its reference belongs: the finding names the detector, as the message does.
    return Optional.of(pasted(ref.valueFrom()).map(found -> violation.withDetector(found.detector())).orElse(violation));
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
    // arn:<partition>:<service>:<region>:<account>:<resource>: four fields without ':', then anything.
    String[] fields = valueFrom.split(":", 6);
    if (fields.length < 6) {
      return Optional.of("is not a complete ARN (arn:<partition>:<service>:<region>:<account>:<resource>)");
    }
    String service = fields[2];
    if (!service.equals("secretsmanager") && !service.equals("ssm")) {
      return Optional.of("is an ARN of service \"" + printable(service) + "\"; ECS reads secrets only from "
          + "Secrets Manager (secretsmanager) and SSM Parameter Store (ssm)");
    }
    if (!PARTITION.matcher(fields[1]).matches() || !REGION.matcher(fields[3]).matches()
        || !ACCOUNT.matcher(fields[4]).matches()) {
      return Optional.of("is a " + service + " ARN without a valid partition, region and 12-digit account");
    }
    String resource = fields[5];
    return service.equals("ssm") ? parameterArn(resource) : secretArn(resource);
  }

  /** {@code secret:<name>} or {@code secret:<name>:<json-key>:<version-stage>:<version-id>}. */
  private static Optional<String> secretArn(String resource) {
    String[] parts = resource.split(":", -1);
    if (!parts[0].equals("secret") || parts.length < 2 || !isSecretName(parts[1])) {
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
    Optional<String> pasted = pasted(name)
        .map(d -> "looks like " + d.shape() + " itself (" + d.detector() + "), not a reference to one");
    if (pasted.isPresent() || PARAMETER_NAME.matcher(name).matches()) {
      return pasted;
    }
    if (name.contains("/") && !name.startsWith("/") && name.matches("[A-Za-z0-9_./:-]+")) {
      return Optional.of("is a parameter hierarchy without the leading '/' SSM requires");
    }
    return Optional.of("is neither a Secrets Manager or SSM ARN nor an SSM parameter name (letters, digits, "
        + "_ . - and / between levels)");
  }

  /**
   * The credential a valueFrom holds rather than names, for the valueFrom {@link #problem} reads as a parameter name
   * (no ARN, no blanks around it): any detection, but only a strong one where the text is also a valid parameter name
   * (a name may well look random).
   */
  private static Optional<SecretDetector.Detection> pasted(String valueFrom) {
    if (valueFrom == null || valueFrom.isBlank() || !valueFrom.equals(valueFrom.trim()) || valueFrom.startsWith("arn:")) {
      return Optional.empty();
    }
    Optional<SecretDetector.Detection> found = SecretDetector.value("", valueFrom);
    return PARAMETER_NAME.matcher(valueFrom).matches()
        ? found.filter(d -> d.strength() == SecretDetector.Strength.STRONG) : found;
  }

  private static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /** A service name from an ARN for a message: short and without anything that could be a value. */
  private static String printable(String service) {
    return service.matches("[a-z0-9-]{1,32}") ? service : "?";
  }
}
