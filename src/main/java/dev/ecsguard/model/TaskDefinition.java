package dev.ecsguard.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one model of a task definition, whatever it came from (a file, an event, the ECS API), with the
 * API defaults resolved once here.
 *
 * @param arn the revision's ARN; null for a file that was never registered
 * @param revision null when unknown
 * @param status ACTIVE, INACTIVE, DELETE_IN_PROGRESS, or null when unknown (a file)
 * @param networkMode resolved: absent means {@code bridge} for Linux on EC2, {@code awsvpc} on Fargate
 * @param networkModeDeclared whether {@code networkMode} was given at all
 * @param cpu task-level CPU as given ({@code "256"}, {@code "1 vCPU"}), null when absent
 * @param memory task-level memory as given ({@code "512"}, {@code "1GB"}), null when absent
 * @param operatingSystemFamily {@code runtimePlatform.operatingSystemFamily}, null when absent (Linux)
 * @param family as given, else the ARN's, else {@code (unnamed)}
 * @param familyDeclared whether {@code family} was given, not blank: ECS requires it
 * @param settings the task-level fields that are set ({@link Settings})
 * @param windowsImage whether a container runs a Windows image ({@code servercore}, {@code nanoserver}...)
 */
public record TaskDefinition(
    String arn,
    String family,
    Integer revision,
    String status,
    String taskRoleArn,
    String executionRoleArn,
    String networkMode,
    boolean networkModeDeclared,
    List<String> requiresCompatibilities,
    String cpu,
    String memory,
    String pidMode,
    String ipcMode,
    String operatingSystemFamily,
    List<ContainerDefinition> containers,
    List<Volume> volumes,
    Map<String, String> tags,
    boolean familyDeclared,
    Set<String> settings,
    boolean windowsImage) {

  public static final String FARGATE = "FARGATE";
  public static final String EXTERNAL = "EXTERNAL";

  /** The Fargate rules apply when FARGATE is required, "even if EC2 is also specified". */
  public boolean requiresFargate() {
    return requiresCompatibilities.contains(FARGATE);
  }

  /** Fargate and ECS Anywhere both run without an instance role, so the agent needs the execution role. */
  public boolean runsWithoutInstanceRole() {
    return requiresFargate() || requiresCompatibilities.contains(EXTERNAL);
  }

  /**
   * Windows: {@code runtimePlatform} says so, or a container runs a Windows image ({@code servercore},
   * {@code nanoserver}...), which on EC2 runs on Windows instances without {@code runtimePlatform}.
   */
  public boolean isWindows() {
    return windowsImage || operatingSystemFamily != null && operatingSystemFamily.startsWith("WINDOWS");
  }

  public boolean isLinux() {
    return !isWindows();
  }

  /** {@code family:revision}, or the family alone when the revision is unknown. */
  public String displayName() {
    return revision == null ? family : family + ":" + revision;
  }

  public Optional<TaskDefinitionArn> parsedArn() {
    return TaskDefinitionArn.parse(arn);
  }

  @Override
  public String toString() {
    return "TaskDefinition[" + displayName() + "]";
  }
}
