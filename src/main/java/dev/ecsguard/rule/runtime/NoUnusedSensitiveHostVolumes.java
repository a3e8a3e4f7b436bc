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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A volume binds a sensitive host path (as disallow-sensitive-host-mounts judges it) but no container mounts it:
 * nothing is exposed yet, so this is hardening, one finding at {@code /volumes/k/host/sourcePath}. A container that
 * mounts it is disallow-sensitive-host-mounts' finding instead. RunTask cannot add mount points, so such a volume
 * is dead configuration waiting for a later revision to use it.
 */
@RuleInfo(
    id = "no-unused-sensitive-host-volumes",
    profile = Profile.RESTRICTED,
    title = "Task declares an unused bind mount of a sensitive host path",
    severity = Severity.LOW,
    mistake = 8,
    rationale = "A volume that binds /, the Docker socket, /etc or /proc gives nothing to any container yet, but "
        + "it is one mountPoints entry away from handing the instance to one, and that later change looks like a "
        + "harmless mount of an existing volume in review.",
    remediation = "Remove the unused volume from volumes; if a container needs host data, bind a dedicated "
        + "directory (e.g. /var/lib/myapp) instead.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html",
    controls = {"Pod Security Standards baseline"})
public final class NoUnusedSensitiveHostVolumes implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    List<Violation> violations = null;
    Set<String> mounted = null;
    for (Volume volume : definition.volumes()) {
      Optional<String> exposure = DisallowSensitiveHostMounts.sensitive(volume.hostSourcePath());
      if (volume.name() == null || exposure.isEmpty()) {
        continue;
      }
      if (mounted == null) {
        mounted = mountedVolumes(definition);
        violations = new ArrayList<>();
      }
      if (!mounted.contains(volume.name())) {
        violations.add(Violation.at("/volumes/" + volume.index() + "/host/sourcePath", "volume \"" + volume.name()
            + "\" binds host path " + DisallowSensitiveHostMounts.normalize(volume.hostSourcePath()) + " ("
            + exposure.get() + ") but no container mounts it: remove it before one does"));
      }
    }
    return violations == null ? List.of() : violations;
  }

  private static Set<String> mountedVolumes(TaskDefinition definition) {
    Set<String> mounted = new HashSet<>();
    for (ContainerDefinition container : definition.containers()) {
      for (MountPoint mount : container.mountPoints()) {
        mounted.add(mount.sourceVolume());
      }
    }
    return mounted;
  }
}
