package dev.ecsguard.rule.runtime;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.MountPoint;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.Volume;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bind mount ({@code volumes[].host.sourcePath}) exposes a sensitive part of the instance, the ECS form of the Pod
 * Security Standards' hostPath ban. The path is normalized first (repeated and trailing slashes, {@code .} and
 * {@code ..}), then judged:
 *
 * <ul>
 *   <li>the container runtime's socket ({@code /var/run/docker.sock}, {@code /run/docker.sock}, containerd's), or
 *       a directory holding it ({@code /}, {@code /var}, {@code /run}), read-only or not, since talking to the
 *       socket needs no write access to the file and the runtime runs anything as root;
 *   <li>{@code /proc}, {@code /sys}, {@code /etc}, {@code /root}, {@code /boot}, {@code /dev}, {@code /home},
 *       {@code /var/lib/docker}, {@code /var/lib/containerd}, {@code /var/lib/ecs}, anything below them, or a
 *       directory holding one ({@code /var/lib}), read-only or not: read-only still hands over the instance's
 *       credentials and keys, every container's files and the host's processes. Read-only time zone and CA
 *       certificate paths ({@code /etc/localtime}, {@code /etc/ssl/certs}...) are harmless and pass.
 * </ul>
 *
 * On Windows, the Docker engine's named pipe ({@code \\.\pipe\docker_engine}, also written with forward slashes,
 * and containerd's {@code \\.\pipe\containerd-containerd}) is the runtime socket, read-only or not.
 *
 * Each container mount point of such a volume is a finding at {@code /containerDefinitions/i/mountPoints/j}, at the
 * rule's severity; the message says whether it is read-only. A sensitive volume no container mounts exposes nothing
 * yet: that is no-unused-sensitive-host-volumes' concern. Paths that are not absolute Linux paths (Windows drive
 * paths) are not judged. Mounts inherited with {@code volumesFrom} are not followed: the container that mounts the
 * volume is already reported.
 */
@RuleInfo(
    id = "disallow-sensitive-host-mounts",
    profile = Profile.BASELINE,
    title = "Container mounts a sensitive host path",
    severity = Severity.HIGH,
    mistake = 8,
    rationale = "A bind mount hands the container a piece of the EC2 instance. The Docker socket is root on the "
        + "instance (start a privileged container, read any task's secrets); /etc, /root and /var/lib/docker hold "
        + "credentials, keys and every container's filesystem; /proc, /sys and /dev reach the kernel and devices. "
        + "Whoever compromises the container then owns the instance and every task on it.",
    remediation = "Remove the host volume, or narrow sourcePath to a dedicated directory (e.g. /var/lib/myapp) and "
        + "mount it read-only; for metrics or logs use an agent that reads them through an API instead of the "
        + "Docker socket.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html",
    controls = {"Pod Security Standards baseline"})
public final class DisallowSensitiveHostMounts implements Rule {

  private static final List<String> RUNTIME_SOCKETS = List.of(
      "/var/run/docker.sock",
      "/run/docker.sock",
      "/var/run/containerd/containerd.sock",
      "/run/containerd/containerd.sock");

  /** Windows runtime pipes, as {@link #normalize} writes them: lower case, backslashes. */
  private static final List<String> WINDOWS_RUNTIME_PIPES = List.of(
      "\\\\.\\pipe\\docker_engine",
      "\\\\.\\pipe\\containerd-containerd");

  private static final List<String> SENSITIVE = List.of(
      "/proc", "/sys", "/etc", "/root", "/boot", "/dev", "/home",
      "/var/lib/docker", "/var/lib/containerd", "/var/lib/ecs");

  /** Harmless when mounted read-only (time zone and CA bundles are public data). */
  private static final List<String> READ_ONLY_HARMLESS = List.of(
      "/etc/localtime", "/etc/timezone", "/etc/ssl/certs", "/etc/pki/tls/certs", "/etc/pki/ca-trust");

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    Map<String, Volume> sensitiveVolumes = new HashMap<>();
    Map<String, String> normalizedPaths = new HashMap<>();
    for (Volume volume : definition.volumes()) {
      String path = normalize(volume.hostSourcePath());
      if (volume.name() != null && path != null && exposure(path, false).isPresent()) {
        sensitiveVolumes.put(volume.name(), volume);
        normalizedPaths.put(volume.name(), path);
      }
    }
    if (sensitiveVolumes.isEmpty()) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    for (ContainerDefinition container : definition.containers()) {
      for (MountPoint mount : container.mountPoints()) {
        Volume volume = sensitiveVolumes.get(mount.sourceVolume());
        if (volume == null) {
          continue;
        }
        String path = normalizedPaths.get(volume.name());
        Optional<String> exposure = exposure(path, mount.readOnly());
        if (exposure.isEmpty()) {
          continue;
        }
        violations.add(Violation.inContainer(container.name(),
            "/containerDefinitions/" + container.index() + "/mountPoints/" + mount.index(),
            "container \"" + container.name() + "\" mounts host path " + path + " (volume \"" + volume.name() + "\")"
                + (mount.readOnly() ? " read-only" : " read-write")
                + (mount.containerPath() == null ? "" : " at " + mount.containerPath())
                + ": " + exposure.get()));
      }
    }
    return violations;
  }

  /** Why mounting this host path, as a volume declares it, would expose the instance; empty when it would not. */
  static Optional<String> sensitive(String sourcePath) {
    String path = normalize(sourcePath);
    return path == null ? Optional.empty() : exposure(path, false);
  }

  /** What mounting this normalized path exposes, or empty when it is not sensitive. */
  private static Optional<String> exposure(String path, boolean readOnly) {
    if (WINDOWS_RUNTIME_PIPES.contains(path)) {
      return Optional.of("the container runtime's named pipe is administrator on the Windows instance, read-only or "
          + "not");
    }
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    for (String socket : RUNTIME_SOCKETS) {
      if (path.equals(socket)) {
        return Optional.of("the container runtime socket is root on the instance, read-only or not");
      }
      if (isAncestor(path, socket)) {
        return Optional.of("it contains the container runtime socket " + socket + ", which is root on the instance");
      }
    }
    if (readOnly && READ_ONLY_HARMLESS.stream().anyMatch(p -> path.equals(p) || isAncestor(p, path))) {
      return Optional.empty();
    }
    for (String sensitive : SENSITIVE) {
      if (path.equals(sensitive) || isAncestor(sensitive, path)) {
        return Optional.of(sensitive + " belongs to the instance, not the task");
      }
      if (isAncestor(path, sensitive)) {
        return Optional.of("it contains " + sensitive + ", which belongs to the instance");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code directory} strictly contains {@code path}. */
  private static boolean isAncestor(String directory, String path) {
    return directory.equals("/") ? !path.equals("/") : path.startsWith(directory + "/");
  }

  /**
   * An absolute path with repeated slashes, {@code .} and {@code ..} resolved lexically ({@code ..} at the root stays
   * at the root); a Windows named pipe ({@code \\.\pipe\name} or {@code //./pipe/name}) in lower case with
   * backslashes; null when the text is absent or neither.
   */
  static String normalize(String sourcePath) {
    if (sourcePath == null) {
      return null;
    }
    String pipe = sourcePath.trim().replace('/', '\\').toLowerCase(java.util.Locale.ROOT);
    if (pipe.startsWith("\\\\.\\pipe\\")) {
      return pipe;
    }
    if (!sourcePath.trim().startsWith("/")) {
      return null;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : sourcePath.trim().split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }
}
