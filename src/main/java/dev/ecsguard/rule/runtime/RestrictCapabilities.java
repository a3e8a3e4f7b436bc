package dev.ecsguard.rule.runtime;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.Subject;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code linuxParameters.capabilities} grants, one finding per entry of {@code add} plus one for {@code drop}:
 *
 * <ul>
 *   <li>HIGH: {@code ALL} and the capabilities that reach past the container (SYS_ADMIN, SYS_MODULE, SYS_RAWIO,
 *       SYS_BOOT, SYS_TIME, DAC_READ_SEARCH, NET_ADMIN, MAC_ADMIN, MAC_OVERRIDE, BPF, PERFMON), and SYS_PTRACE when
 *       the task also shares the host's process namespace;
 *   <li>MEDIUM: any other capability outside Docker's default set, SYS_PTRACE included (a debugging capability, the
 *       only one Fargate lets a task add);
 *   <li>nothing for a capability of Docker's default set: adding it back after dropping ALL is the recommended
 *       pattern (the Pod Security Standards restricted profile allows NET_BIND_SERVICE that way);
 *   <li>LOW when {@code drop} does not contain ALL, at {@code linuxParameters/capabilities/drop}.
 * </ul>
 *
 * Names are read case-insensitively, with or without the {@code CAP_} prefix. Windows task definitions (no
 * linuxParameters) and privileged containers (ECS ignores add and drop for them; disallow-privileged reports
 * them) are not judged.
 */
@RuleInfo(
    id = "restrict-capabilities",
    profile = Profile.BASELINE,
    title = "Container Linux capabilities are not restricted",
    severity = Severity.HIGH,
    mistake = 8,
    rationale = "Root in a container is limited mainly by its capabilities. Docker's default set is already broad "
        + "(CHOWN, DAC_OVERRIDE, NET_RAW, SETUID...); capabilities such as SYS_ADMIN, SYS_MODULE or NET_ADMIN give "
        + "back mount, kernel-module and network-stack control over the whole instance, the usual first step of a "
        + "container escape. Dropping ALL and adding back only what the process needs removes what an attacker "
        + "could use.",
    remediation = "Set linuxParameters.capabilities.drop to [\"ALL\"] and add back only what the process needs, "
        + "typically nothing or NET_BIND_SERVICE. A tool that truly needs a powerful capability belongs in its own "
        + "task definition, reviewed and exempted there.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html",
    controls = {"Pod Security Standards baseline", "Pod Security Standards restricted"})
public final class RestrictCapabilities implements ContainerRule {

  /** Docker's default capability set (moby oci/caps/defaults.go). */
  static final Set<String> DOCKER_DEFAULT = Set.of(
      "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP",
      "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

  /** Capabilities that act on the instance rather than the container, with what they allow. */
  private static final Map<String, String> DANGEROUS = Map.ofEntries(
      Map.entry("ALL", "every capability"),
      Map.entry("SYS_ADMIN", "mounts, namespaces and most of root's powers"),
      Map.entry("SYS_MODULE", "loading kernel modules"),
      Map.entry("SYS_RAWIO", "raw access to devices and I/O ports"),
      Map.entry("SYS_BOOT", "rebooting the instance"),
      Map.entry("SYS_TIME", "setting the instance's clock"),
      Map.entry("DAC_READ_SEARCH", "reading any file by handle, the classic escape to the host filesystem"),
      Map.entry("NET_ADMIN", "reconfiguring interfaces, routes and firewall rules"),
      Map.entry("MAC_ADMIN", "changing the mandatory access control policy"),
      Map.entry("MAC_OVERRIDE", "bypassing the mandatory access control policy"),
      Map.entry("BPF", "loading eBPF programs into the kernel"),
      Map.entry("PERFMON", "kernel performance monitoring"));

  @Override
  public List<Violation> check(ContainerDefinition container, Subject subject) {
    if (subject.taskDefinition().isWindows() || container.privileged()) {
      return List.of();
    }
    String who = "container \"" + container.name() + "\"";
    boolean hostPid = "host".equalsIgnoreCase(trimmed(subject.taskDefinition().pidMode()));
    List<Violation> violations = new ArrayList<>();
    List<String> added = container.capabilitiesAdded();
    for (int i = 0; i < added.size(); i++) {
      String capability = canonical(added.get(i));
      String field = "linuxParameters/capabilities/add/" + i;
      if (DANGEROUS.containsKey(capability)) {
        violations.add(Violation.at(field, who + " adds " + capability + ": " + DANGEROUS.get(capability)));
      } else if (capability.equals("SYS_PTRACE") && hostPid) {
        violations.add(Violation.at(field, who + " adds SYS_PTRACE in a task with pidMode host: it can trace and "
            + "inject code into any process on the instance"));
      } else if (capability.equals("SYS_PTRACE")) {
        violations.add(Violation.at(field, who + " adds SYS_PTRACE: it can trace and read the memory of the "
            + "task's other processes; keep it to debugging revisions").withSeverity(Severity.MEDIUM));
      } else if (!DOCKER_DEFAULT.contains(capability)) {
        violations.add(Violation.at(field, who + " adds " + capability + ", beyond Docker's default set")
            .withSeverity(Severity.MEDIUM));
      }
    }
    boolean dropsAll = container.capabilitiesDropped().stream().anyMatch(c -> canonical(c).equals("ALL"));
    if (!dropsAll) {
      violations.add(Violation.at("linuxParameters/capabilities/drop", who + " does not drop ALL capabilities: it "
          + "keeps Docker's default set (NET_RAW, DAC_OVERRIDE, SETUID...)").withSeverity(Severity.LOW));
    }
    return violations;
  }

  /** {@code cap_sys_admin}, {@code CAP_SYS_ADMIN} and {@code sys_admin} all read as {@code SYS_ADMIN}. */
  static String canonical(String capability) {
    String upper = capability.trim().toUpperCase(Locale.ROOT);
    return upper.startsWith("CAP_") ? upper.substring(4) : upper;
  }

  private static String trimmed(String text) {
    return text == null ? null : text.trim();
  }
}
