package dev.ecsguard.model;

/**
 * A task volume. Only the parts rules read: a bind mount's host path (EC2) and EFS transit encryption.
 *
 * @param hostSourcePath {@code host.sourcePath}, or null when the volume is not a bind mount
 * @param efs whether {@code efsVolumeConfiguration} is present
 * @param efsTransitEncryption {@code efsVolumeConfiguration.transitEncryption} as given (null when absent)
 * @param dockerVolume whether {@code dockerVolumeConfiguration} is present (a Docker volume driver, EC2 only)
 */
public record Volume(int index, String name, String hostSourcePath, boolean efs, String efsTransitEncryption,
    boolean dockerVolume) {}
