package dev.ecsguard.model;

import java.util.List;

/**
 * What a RunTask call asked for, beyond the task definition: where and how it runs, and what it
 * overrides. Rules of kind RUN read it.
 *
 * @param taskDefinition the reference as given: family, family:revision or ARN
 * @param launchType null when a capacity provider strategy was used instead
 * @param assignPublicIp {@code ENABLED}, {@code DISABLED}, or null when there is no awsvpc configuration
 * @param startedTaskArns the tasks the call started, from the response
 */
public record RunRequest(
    String taskDefinition,
    String cluster,
    String launchType,
    String platformVersion,
    List<String> subnets,
    List<String> securityGroups,
    String assignPublicIp,
    Overrides overrides,
    List<String> startedTaskArns) {

  /** RunTask {@code overrides}; every field null or empty when absent. */
  public record Overrides(
      String taskRoleArn, String executionRoleArn, String cpu, String memory, List<ContainerOverride> containers) {

    public static final Overrides NONE = new Overrides(null, null, null, null, List.of());
  }

  /** One entry of {@code overrides.containerOverrides}. */
  public record ContainerOverride(int index, String name, List<EnvironmentVariable> environment, List<String> command) {
    @Override
    public String toString() {
      return "ContainerOverride[" + index + " " + name + "]";
    }
  }
}
