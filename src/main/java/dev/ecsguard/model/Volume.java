package dev.ecsguard.model;

import java.util.Map;

/**
 * A task volume. Only the parts rules read: a bind mount's host path (EC2), EFS transit encryption, and a Docker
 * volume's driver options and labels (which may carry a mount's credentials).
 *
 * @param hostSourcePath {@code host.sourcePath}, or null when the volume is not a bind mount
 * @param efs whether {@code efsVolumeConfiguration} is present
 * @param efsTransitEncryption {@code efsVolumeConfiguration.transitEncryption} as given (null when absent)
 * @param dockerDriverOptions {@code dockerVolumeConfiguration.driverOpts}, empty when absent
 * @param dockerVolumeLabels {@code dockerVolumeConfiguration.labels}, empty when absent
 * @param dockerVolume whether {@code dockerVolumeConfiguration} is present (a Docker volume driver, EC2 only)
 */
public record Volume(int index, String name, String hostSourcePath, boolean efs, String efsTransitEncryption,
    Map<String, String> dockerDriverOptions, Map<String, String> dockerVolumeLabels, boolean dockerVolume) {

  /** Driver options and labels may carry credentials: never print them. */
  @Override
  public String toString() {
    return "Volume[" + index + " " + name + "]";
  }
}
