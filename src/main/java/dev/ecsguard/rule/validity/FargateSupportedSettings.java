package dev.ecsguard.rule.validity;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.PortMapping;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.Volume;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A definition that requires Fargate sets what Fargate does not support, as "Amazon ECS task definition differences
 * for Fargate" lists it: ECS rejects the definition, or the task cannot be placed. One finding per setting, at its
 * field:
 *
 * <ul>
 *   <li>task: {@code networkMode} other than awsvpc, {@code ipcMode}, {@code pidMode} host (Linux; none on Windows),
 *       {@code placementConstraints}, {@code inferenceAccelerators}, and volumes with {@code host.sourcePath} or
 *       {@code dockerVolumeConfiguration};
 *   <li>container: {@code privileged}, {@code disableNetworking}, {@code dnsServers}, {@code dnsSearchDomains},
 *       {@code dockerSecurityOptions}, {@code extraHosts}, {@code links}, {@code hostname} (not in awsvpc mode),
 *       {@code linuxParameters} {@code devices}, {@code sharedMemorySize}, {@code tmpfs}, {@code maxSwap} and
 *       {@code swappiness}, a capability added other than SYS_PTRACE, and a {@code hostPort} other than the
 *       {@code containerPort} (awsvpc maps them one to one).
 * </ul>
 *
 * The security rules (disallow-privileged, disallow-host-network, disallow-host-pid, disallow-host-ipc,
 * restrict-capabilities) judge the same settings on every launch type for what they expose; this rule says that on
 * Fargate the definition cannot work at all. Log drivers are log-driver-supported's, CPU and memory
 * fargate-cpu-memory-valid's.
 */
@RuleInfo(
    id = "fargate-supported-settings",
    profile = Profile.BASELINE,
    title = "Task definition for Fargate sets what Fargate does not support",
    severity = Severity.HIGH,
    mistake = 0,
    rationale = "Fargate runs each task on its own managed host: there is no host network, IPC namespace, device, "
        + "Docker daemon option or instance attribute to reach. A definition that requires FARGATE and sets one of "
        + "these is rejected by RegisterTaskDefinition, or its tasks cannot be placed, so the deployment fails.",
    remediation = "Remove the setting, or run the task on EC2 instances: drop FARGATE from requiresCompatibilities "
        + "and use a capacity provider or launch type EC2. For shared memory or scratch space on Fargate, mount a "
        + "task volume; for a second process's view, use pidMode task.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    controls = {})
public final class FargateSupportedSettings implements Rule {

  /** Container fields Fargate does not support when set, with the field's pointer relative to the container. */
  private static final Map<String, String> CONTAINER_SETTINGS = ordered(
      "disableNetworking", "disableNetworking",
      "dnsServers", "dnsServers",
      "dnsSearchDomains", "dnsSearchDomains",
      "dockerSecurityOptions", "dockerSecurityOptions",
      "extraHosts", "extraHosts",
      "links", "links",
      "hostname", "hostname",
      "linuxParameters/devices", "linuxParameters devices",
      "linuxParameters/sharedMemorySize", "linuxParameters sharedMemorySize",
      "linuxParameters/tmpfs", "linuxParameters tmpfs",
      "linuxParameters/maxSwap", "linuxParameters maxSwap",
      "linuxParameters/swappiness", "linuxParameters swappiness");

  private static final String NOT_ON_FARGATE = " is not supported on Fargate";

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    if (!definition.requiresFargate()) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    task(context, definition, violations);
    for (ContainerDefinition container : definition.containers()) {
      container(container, violations);
    }
    return violations;
  }

  private static void task(EvaluationContext context, TaskDefinition definition, List<Violation> violations) {
    if (definition.networkModeDeclared() && !"awsvpc".equals(definition.networkMode())
        && !Placeholders.inTemplate(context.subject(), definition.networkMode())) {
      violations.add(Violation.at("/networkMode", "networkMode " + definition.networkMode() + NOT_ON_FARGATE
          + ", which requires awsvpc"));
    }
    if (definition.settings().contains("ipcMode")) {
      violations.add(Violation.at("/ipcMode", "ipcMode" + NOT_ON_FARGATE));
    }
    String pidMode = definition.pidMode() == null ? "" : definition.pidMode().trim().toLowerCase(Locale.ROOT);
    if (pidMode.equals("host") || !pidMode.isEmpty() && definition.isWindows()) {
      violations.add(Violation.at("/pidMode", "pidMode " + pidMode + NOT_ON_FARGATE
          + (definition.isWindows() ? " for Windows" : " (only task is)")));
    }
    for (String field : List.of("placementConstraints", "inferenceAccelerators")) {
      if (definition.settings().contains(field)) {
        violations.add(Violation.at("/" + field, field + NOT_ON_FARGATE));
      }
    }
    for (Volume volume : definition.volumes()) {
      String name = "volume \"" + volume.name() + "\" ";
      if (volume.hostSourcePath() != null) {
        violations.add(Violation.at("/volumes/" + volume.index() + "/host/sourcePath", name + "binds a host path"
            + NOT_ON_FARGATE + ", which has no host to share; leave sourcePath out for a task volume"));
      }
      if (volume.dockerVolume()) {
        violations.add(Violation.at("/volumes/" + volume.index() + "/dockerVolumeConfiguration", name
            + "uses a Docker volume driver, which" + NOT_ON_FARGATE));
      }
    }
  }

  private static void container(ContainerDefinition container, List<Violation> violations) {
    String who = "container \"" + container.name() + "\" sets ";
    String prefix = "/containerDefinitions/" + container.index() + "/";
    if (container.privileged()) {
      violations.add(Violation.inContainer(container.name(), prefix + "privileged", who + "privileged, which"
          + NOT_ON_FARGATE));
    }
    for (Map.Entry<String, String> setting : CONTAINER_SETTINGS.entrySet()) {
      if (container.settings().contains(setting.getKey())) {
        violations.add(Violation.inContainer(container.name(), prefix + setting.getKey(), who + setting.getValue()
            + ", which" + NOT_ON_FARGATE));
      }
    }
    List<String> added = container.capabilitiesAdded();
    for (int i = 0; i < added.size(); i++) {
      String capability = added.get(i).trim().toUpperCase(Locale.ROOT);
      if (!capability.equals("SYS_PTRACE") && !capability.equals("CAP_SYS_PTRACE")) {
        violations.add(Violation.inContainer(container.name(), prefix + "linuxParameters/capabilities/add/" + i,
            "container \"" + container.name() + "\" adds " + added.get(i).trim() + ": Fargate lets a task add "
                + "SYS_PTRACE only"));
      }
    }
    for (PortMapping mapping : container.portMappings()) {
      if (mapping.hostPort() != null && mapping.hostPort() != 0 && mapping.containerPort() != null
          && !mapping.hostPort().equals(mapping.containerPort())) {
        violations.add(Violation.inContainer(container.name(), prefix + "portMappings/" + mapping.index()
            + "/hostPort", "container \"" + container.name() + "\" maps host port " + mapping.hostPort()
            + " to container port " + mapping.containerPort() + ": on Fargate (awsvpc) they must be equal"));
      }
    }
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
