package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.Volume;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
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
 * A Docker volume's {@code dockerVolumeConfiguration.driverOpts} or {@code labels} hold a credential: a mount's
 * password in the local driver's {@code o} option ({@code username=svc,password=…} for CIFS), a credential-named
 * option with a literal value ({@code password}, {@code secret-key}: {@link SecretDetector#configKey(String)}), or a
 * value shaped like a credential whatever its key. One violation per option or label; a known value format names
 * the problem best, then the key, then entropy (LOW). Values are never quoted.
 */
@RuleInfo(
    id = "no-secrets-in-volume-options",
    profile = Profile.BASELINE,
    title = "Docker volume driver option or label holds a credential",
    severity = Severity.HIGH,
    mistake = 3,
    rationale = "dockerVolumeConfiguration.driverOpts and labels are plain text in the task definition: anyone "
        + "allowed ecs:DescribeTaskDefinition reads them, and every revision, CloudTrail record and CI log keeps them. "
        + "A file share's password in the mount options opens the share to every reader of the definition, and ECS "
        + "has no secretOptions for volumes to keep it out.",
    remediation = "Keep the credential out of the volume: for SMB shares use an FSx for Windows File Server volume "
        + "whose authorizationConfig.credentialsParameter is a Secrets Manager ARN, for NFS use EFS with IAM "
        + "authorization and the task role, or use a volume plugin that reads its credentials from a file or the "
        + "instance; rotate the exposed credential.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/docker-volumes.html",
    controls = {})
public final class NoSecretsInVolumeOptions implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    SecretScan scan = SecretScan.of(context.derivations());
    for (Volume volume : context.taskDefinition().volumes()) {
      String pointer = "/volumes/" + volume.index() + "/dockerVolumeConfiguration/";
      for (Map.Entry<String, String> option : volume.dockerDriverOptions().entrySet()) {
        check(scan, volume, pointer + "driverOpts/", "driver option", option).ifPresent(violations::add);
      }
      for (Map.Entry<String, String> label : volume.dockerVolumeLabels().entrySet()) {
        check(scan, volume, pointer + "labels/", "label", label).ifPresent(violations::add);
      }
    }
    return violations;
  }

  private static Optional<Violation> check(SecretScan scan, Volume volume, String pointer, String kind,
      Map.Entry<String, String> entry) {
    String key = entry.getKey();
    String value = entry.getValue();
    Optional<Detection> byValue = scan.value(key, value);
    Optional<Detection> byKey = scan.isLiteral(value) ? scan.configKey(key) : Optional.empty();
    boolean strongValue = byValue.isPresent() && byValue.get().strength() == Strength.STRONG;
    Detection found = strongValue ? byValue.get() : byKey.orElse(byValue.orElse(null));
    // High entropy alone is a hint, no-high-entropy-literals' concern, not this rule's finding.
    if (found == null || found.strength() == Strength.WEAK) {
      return Optional.empty();
    }
    String what = found == byKey.orElse(null) ? "a literal value" : "a value shaped like " + found.shape();
    String name = volume.name() == null ? "#" + volume.index() : "\"" + volume.name() + "\"";
    Violation violation = Violation.at(pointer + Violation.token(key),
        kind + " \"" + key + "\" of volume " + name + " holds " + what + " (" + found.detector() + ")")
        .withDetector(found.detector());
    return Optional.of(violation);
  }
}
