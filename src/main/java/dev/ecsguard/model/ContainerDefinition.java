package dev.ecsguard.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One container of a task definition, with the ECS API defaults already applied: rules read resolved
 * values and never guess. {@code index} is the position in {@code containerDefinitions}, so findings
 * can point at the exact field.
 *
 * @param essential absent means true
 * @param user as given; null when absent, which means the image's user (root unless the image says otherwise)
 * @param privileged absent means false
 * @param readonlyRootFilesystem absent means false
 * @param memory hard limit in MiB, null when absent
 * @param memoryReservation soft limit in MiB, null when absent
 * @param cpu CPU units, null when absent
 * @param repositoryCredentials whether {@code repositoryCredentials} is present
 * @param healthCheck whether {@code healthCheck} is present
 * @param healthCheckCommand {@code healthCheck.command}, empty when absent
 * @param repositoryCredentialsParameter {@code repositoryCredentials.credentialsParameter} as given, null when absent
 * @param dependsOn the containers this one waits for
 * @param settings the container's fields that are set ({@link Settings}), {@code linuxParameters}' as
 *     {@code linuxParameters/<key>}
 */
public record ContainerDefinition(
    int index,
    String name,
    String image,
    boolean essential,
    String user,
    boolean privileged,
    boolean readonlyRootFilesystem,
    Integer cpu,
    Integer memory,
    Integer memoryReservation,
    List<EnvironmentVariable> environment,
    List<SecretReference> secrets,
    LogConfiguration logConfiguration,
    List<String> command,
    List<String> entryPoint,
    Map<String, String> dockerLabels,
    boolean repositoryCredentials,
    boolean healthCheck,
    List<String> capabilitiesAdded,
    List<String> capabilitiesDropped,
    List<String> dockerSecurityOptions,
    List<PortMapping> portMappings,
    List<MountPoint> mountPoints,
    List<String> healthCheckCommand,
    String repositoryCredentialsParameter,
    List<ContainerDependency> dependsOn,
    Set<String> settings) {

  /** Commands, labels and the registry credentials' reference may carry credentials: never print them. */
  @Override
  public String toString() {
    return "ContainerDefinition[" + index + " " + name + " image=" + image + "]";
  }
}
