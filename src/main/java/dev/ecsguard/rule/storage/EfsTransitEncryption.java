package dev.ecsguard.rule.storage;

import dev.ecsguard.model.Volume;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * An EFS volume whose {@code efsVolumeConfiguration.transitEncryption} is not {@code ENABLED}; absent means
 * {@code DISABLED}, as in the API. Every volume is judged: Checkov's CKV_AWS_97 decides on the first EFS volume it
 * meets, so an encrypted first volume hides an unencrypted second one.
 */
@RuleInfo(
    id = "efs-transit-encryption",
    profile = Profile.RESTRICTED,
    title = "EFS volume does not encrypt data in transit",
    severity = Severity.MEDIUM,
    mistake = 0,
    rationale = "Without transit encryption, the NFS traffic between the task and the EFS mount target crosses the "
        + "VPC in clear text: anything that can capture it (a compromised instance in the subnet, mirrored traffic) "
        + "reads and can alter the files. It is also a prerequisite for EFS IAM authorization, so the file system "
        + "cannot require the task role either.",
    remediation = "Set \"transitEncryption\": \"ENABLED\" in the volume's efsVolumeConfiguration (optionally with "
        + "authorizationConfig.iam ENABLED and an access point), and let the EFS file system policy deny "
        + "unencrypted connections (aws:SecureTransport).",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html",
    controls = {
        "Security Hub ECS.18",
        "AWS Config ecs-task-definition-efs-encryption-enabled",
        "Checkov CKV_AWS_97",
        "Trivy AVD-AWS-0035",
        "KICS EFS Volume With Disabled Transit Encryption"})
public final class EfsTransitEncryption implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    for (Volume volume : context.taskDefinition().volumes()) {
      if (!volume.efs()) {
        continue;
      }
      String setting = volume.efsTransitEncryption() == null ? null : volume.efsTransitEncryption().trim();
      if (setting != null && setting.equalsIgnoreCase("ENABLED")) {
        continue;
      }
      String name = volume.name() == null ? "#" + volume.index() : "\"" + volume.name() + "\"";
      violations.add(Violation.at("/volumes/" + volume.index() + "/efsVolumeConfiguration/transitEncryption",
          "EFS volume " + name + (setting == null ? " does not set transitEncryption, which defaults to DISABLED"
              : " sets transitEncryption to " + setting)));
    }
    return violations;
  }
}
