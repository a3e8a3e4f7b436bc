package dev.ecsguard.facts.iam;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code valueFrom} names, as IAM sees it: the Secrets Manager secret or SSM parameter, the action the
 * execution role needs to read it, and the resource ARN that action is authorized on.
 *
 * <ul>
 *   <li>{@code arn:…:secretsmanager:<region>:<account>:secret:<name>[:json-key:version-stage:version-id]}: the
 *       secret's ARN without the optional fields; {@code secretsmanager:GetSecretValue}. IAM authorizes on the
 *       complete ARN, whose name ends with a hyphen and six random characters; a partial ARN (no such suffix, as
 *       ECS also accepts) is asked about as {@code <arn>-??????}.
 *   <li>{@code arn:…:ssm:<region>:<account>:parameter/<name>[:version]} or a parameter name ({@code db},
 *       {@code /prod/db}) in the task's region and account: {@code ssm:GetParameters} on
 *       {@code arn:…:ssm:<region>:<account>:parameter/<name without its leading '/'>}.
 * </ul>
 *
 * @param name the secret's or parameter's name, safe to show (a reference, never a value)
 * @param arn the secret's ARN (as referenced, possibly partial) or the parameter's ARN, without version fields
 */
public record SecretResource(Kind kind, String partition, String region, String account, String name, String arn) {

  public enum Kind { SECRETS_MANAGER, SSM_PARAMETER }

  private static final Pattern ARN =
      Pattern.compile("arn:(aws[a-z-]*):(secretsmanager|ssm):([a-z0-9-]+):(\\d{12}):(.+)");
  private static final Pattern SECRET = Pattern.compile("secret:([A-Za-z0-9/_+=.@-]+)(?::[^:]*:[^:]*:[^:]*)?");
  private static final Pattern PARAMETER = Pattern.compile("parameter/([A-Za-z0-9_./-]+?)(?::[A-Za-z0-9_.-]+)?");
  private static final Pattern NAME = Pattern.compile("(/?[A-Za-z0-9_./-]+?)(?::[A-Za-z0-9_.-]+)?");
  /** Secrets Manager appends a hyphen and six characters to every secret's name in its ARN. */
  private static final Pattern RANDOM_SUFFIX = Pattern.compile(".*-[A-Za-z0-9]{6}");

  /**
   * The resource a reference names, or empty when it names none ecs-guard can read (secrets-valuefrom-valid
   * reports malformed ones), or when it is a bare parameter name and the region or account is unknown.
   */
  public static Optional<SecretResource> parse(String valueFrom, String partition, String region, String account) {
    if (valueFrom == null) {
      return Optional.empty();
    }
    Matcher arn = ARN.matcher(valueFrom.trim());
    if (arn.matches()) {
      String resource = arn.group(5);
      if (arn.group(2).equals("secretsmanager")) {
        Matcher secret = SECRET.matcher(resource);
        if (!secret.matches()) {
          return Optional.empty();
        }
        String base = "arn:" + arn.group(1) + ":secretsmanager:" + arn.group(3) + ":" + arn.group(4) + ":secret:"
            + secret.group(1);
        return Optional.of(new SecretResource(Kind.SECRETS_MANAGER, arn.group(1), arn.group(3), arn.group(4),
            secret.group(1), base));
      }
      Matcher parameter = PARAMETER.matcher(resource);
      if (!parameter.matches()) {
        return Optional.empty();
      }
      String path = parameter.group(1);
      return Optional.of(parameter(arn.group(1), arn.group(3), arn.group(4), path.contains("/") ? "/" + path : path));
    }
    Matcher name = NAME.matcher(valueFrom.trim());
    if (valueFrom.trim().startsWith("arn:") || !name.matches() || region == null || account == null) {
      return Optional.empty();
    }
    return Optional.of(parameter(partition == null ? "aws" : partition, region, account, name.group(1)));
  }

  private static SecretResource parameter(String partition, String region, String account, String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    return new SecretResource(Kind.SSM_PARAMETER, partition, region, account, name,
        "arn:" + partition + ":ssm:" + region + ":" + account + ":parameter/" + path);
  }

  /** The IAM action that reads it. */
  public String action() {
    return kind == Kind.SECRETS_MANAGER ? "secretsmanager:GetSecretValue" : "ssm:GetParameters";
  }

  /** A partial secret ARN: the random suffix IAM authorizes on is not known. */
  public boolean partialArn() {
    return kind == Kind.SECRETS_MANAGER && !RANDOM_SUFFIX.matcher(name).matches();
  }

  /** The resource the read is authorized on; {@code ?} for the unknown suffix of a partial secret ARN. */
  public String iamResource() {
    return partialArn() ? arn + "-??????" : arn;
  }

  /** "secret" or "parameter", for messages. */
  public String noun() {
    return kind == Kind.SECRETS_MANAGER ? "secret" : "parameter";
  }

  /**
   * The resource {@code kms:Decrypt} is authorized on for the key protecting this secret, as Secrets Manager or
   * SSM report it: a key ARN as given; a key id in the secret's region and account; an alias (which IAM does not
   * authorize on) as {@code key/*}, standing for the one key it names, which is not looked up.
   */
  public String kmsKeyResource(String keyId) {
    if (keyId.startsWith("arn:")) {
      int alias = keyId.indexOf(":alias/");
      return alias < 0 ? keyId : keyId.substring(0, alias) + ":key/*";
    }
    String prefix = "arn:" + partition + ":kms:" + region + ":" + account + ":key/";
    return keyId.startsWith("alias/") ? prefix + "*" : prefix + keyId;
  }
}
