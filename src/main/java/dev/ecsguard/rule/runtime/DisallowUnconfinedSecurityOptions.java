package dev.ecsguard.rule.runtime;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An entry of {@code dockerSecurityOptions} switches a kernel confinement off: {@code seccomp:unconfined},
 * {@code apparmor:unconfined}, {@code systempaths:unconfined} (unmasks /proc and /sys paths) or
 * {@code label:disable} (SELinux off), each with {@code :} or Docker's {@code =}, compared case-insensitively.
 * The Pod Security Standards baseline forbids all four (seccomp and AppArmor Unconfined, a custom SELinux type,
 * an Unmasked proc mount). One finding per entry. dockerSecurityOptions is not valid on Fargate.
 */
@RuleInfo(
    id = "disallow-unconfined-security-options",
    profile = Profile.BASELINE,
    title = "Container disables seccomp, AppArmor or SELinux confinement",
    severity = Severity.MEDIUM,
    mistake = 8,
    rationale = "Docker's default seccomp profile blocks about 44 system calls that containers should never need "
        + "(kernel keyring, module loading, clock changes, many with a history of privilege-escalation bugs), and "
        + "AppArmor or SELinux confine file and mount access. Turning them off leaves the kernel's full attack "
        + "surface one exploit away from the instance.",
    remediation = "Remove the unconfined option; if a specific system call is needed, run with a custom seccomp "
        + "profile that allows just that call rather than none at all.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html#ECS-Type-ContainerDefinition-dockerSecurityOptions",
    controls = {"Pod Security Standards baseline"})
public final class DisallowUnconfinedSecurityOptions implements ContainerRule {

  /** Option key -> the value that switches it off. */
  private static final Map<String, String> UNCONFINED = Map.of(
      "seccomp", "unconfined",
      "apparmor", "unconfined",
      "systempaths", "unconfined",
      "label", "disable");

  /** Option key -> what the value switches off, for the message. */
  private static final Map<String, String> WHAT = Map.of(
      "seccomp", "the seccomp system-call filter",
      "apparmor", "the AppArmor profile",
      "systempaths", "the masking of sensitive /proc and /sys paths",
      "label", "SELinux labeling");

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    List<String> options = container.dockerSecurityOptions();
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i).trim().toLowerCase(Locale.ROOT);
      int separator = indexOfSeparator(option);
      if (separator <= 0) {
        continue;
      }
      String key = option.substring(0, separator).trim();
      String value = option.substring(separator + 1).trim();
      if (value.equals(UNCONFINED.get(key))) {
        violations.add(Violation.at("dockerSecurityOptions/" + i, "container \"" + container.name()
            + "\" sets dockerSecurityOptions \"" + options.get(i).trim() + "\", which turns off " + WHAT.get(key)));
      }
    }
    return violations;
  }

  private static int indexOfSeparator(String option) {
    int colon = option.indexOf(':');
    int equals = option.indexOf('=');
    if (colon < 0) {
      return equals;
    }
    return equals < 0 ? colon : Math.min(colon, equals);
  }
}
