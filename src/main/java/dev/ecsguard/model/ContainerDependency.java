package dev.ecsguard.model;

/**
 * One entry of a container's {@code dependsOn}: the container it waits for, and for what.
 *
 * @param containerName as given; null when absent
 * @param condition {@code START}, {@code COMPLETE}, {@code SUCCESS} or {@code HEALTHY} as given; null when absent
 */
public record ContainerDependency(int index, String containerName, String condition) {}
