package dev.ecsguard.model;

/** One entry of {@code mountPoints}: which task volume a container mounts, where, and whether read-only. */
public record MountPoint(int index, String sourceVolume, String containerPath, boolean readOnly) {}
