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
import java.util.Set;

/**
 * A container adds a capability outside the Pod Security Standards baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE,
 * FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT: Docker's default set
 * without NET_RAW): one finding per such entry of {@code linuxParameters.capabilities.add}, at the rule's severity.
 * The message says what the capability gives: {@code ALL} and those that reach past the container (SYS_ADMIN,
 * SYS_MODULE, NET_ADMIN...), SYS_PTRACE (worse with {@code pidMode: host}: any process of the instance), or only
 * that it is outside the baseline set (IPC_LOCK, NET_RAW...). Adding back a capability of the set after dropping
 * ALL passes.
 *
 * <p>On Fargate, SYS_PTRACE is the only capability a task may add, so it is the only one this rule can find there;
 * any other add is a definition Fargate rejects, which is a different concern. Whether {@code drop} holds ALL is
 * drop-all-capabilities' concern (restricted). Names are read case-insensitively, with or without the
 * {@code CAP_} prefix. Windows task definitions (no linuxParameters) and privileged containers (ECS ignores add and
 * drop for them; disallow-privileged reports them) are not judged.
 */
@RuleInfo(
    id = "restrict-capabilities",
    profile = Profile.BASELINE,
    title = "Container adds a Linux capability outside the baseline set",
    severity = Severity.HIGH,
    mistake = 8,
    rationale = "Root in a container is limited mainly by its capabilities. Capabilities such as SYS_ADMIN, "
        + "SYS_MODULE or NET_ADMIN give back mount, kernel-module and network-stack control over the whole "
        + "instance, the usual first step of a container escape; SYS_PTRACE reads and rewrites other processes' "
        + "memory. The Pod Security Standards baseline allows adding only the capabilities of the default set "
        + "(without NET_RAW), which a common workload never needs beyond.",
    remediation = "Remove the capability from linuxParameters.capabilities.add; add back only what the process "
        + "needs from the baseline set, typically nothing or NET_BIND_SERVICE. A tool that truly needs a powerful "
        + "capability belongs in its own task definition, reviewed and exempted there.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html",
    controls = {"Pod Security Standards baseline", "Kyverno disallow-capabilities"})
public final class RestrictCapabilities implements ContainerRule {

  /** What the Pod Security Standards baseline lets a container add: Docker's default set without NET_RAW. */
  static final Set<String> BASELINE_ALLOWED = Set.of(
      "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
      "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

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
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!judged(container, context)) {
      return List.of();
    }
    List<String> added = container.capabilitiesAdded();
    if (added.isEmpty()) {
      return List.of();
    }
    String who = "container \"" + container.name() + "\"";
    boolean hostPid = "host".equalsIgnoreCase(trimmed(context.taskDefinition().pidMode()));
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < added.size(); i++) {
      String capability = canonical(added.get(i));
      if (!BASELINE_ALLOWED.contains(capability)) {
        violations.add(Violation.at("linuxParameters/capabilities/add/" + i, who + " adds " + capability + ": "
            + why(capability, hostPid)));
      }
    }
    return violations;
  }

  private static String why(String capability, boolean hostPid) {
    if (DANGEROUS.containsKey(capability)) {
      return DANGEROUS.get(capability);
    }
    if (capability.equals("SYS_PTRACE")) {
      return hostPid
          ? "in a task with pidMode host, it can trace and inject code into any process on the instance"
          : "it can trace and read the memory of the task's other processes; keep it to debugging revisions";
    }
    return "outside the Pod Security Standards baseline set";
  }

  /** Windows definitions have no Linux capabilities; ECS ignores add and drop for a privileged container. */
  static boolean judged(ContainerDefinition container, EvaluationContext context) {
    return !context.taskDefinition().isWindows() && !container.privileged();
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
