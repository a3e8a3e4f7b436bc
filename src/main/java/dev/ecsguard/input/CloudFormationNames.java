package dev.ecsguard.input;

import java.util.Map;
import java.util.Set;

/**
 * The property names of {@code AWS::ECS::TaskDefinition} as the ECS API spells them. CloudFormation writes each
 * API field in PascalCase ({@code ContainerDefinitions}, {@code ReadonlyRootFilesystem}, {@code Environment} with
 * {@code Name} and {@code Value}), so the rule is "lower the leading capitals"; the table holds the names where
 * CloudFormation spells the field differently. The members of free-form maps (log driver options, Docker labels,
 * volume driver options) are the user's own keys, never renamed.
 */
final class CloudFormationNames {

  /** Where the CloudFormation name is not the API's with its first letters lowered. */
  private static final Map<String, String> EXCEPTIONS = Map.of(
      "FSxWindowsFileServerVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration",
      "FilesystemId", "fileSystemId",
      "ProxyConfigurationProperties", "properties",
      "IAM", "iam");

  /** The API fields (already renamed) whose members are keys the user chose. */
  private static final Set<String> FREE_FORM = Set.of("options", "dockerLabels", "driverOpts", "labels");

  private CloudFormationNames() {}

  /** {@code ContainerDefinitions} → {@code containerDefinitions}, {@code EFSVolumeConfiguration} → {@code efs…}. */
  static String apiName(String cloudFormationName) {
    String exception = EXCEPTIONS.get(cloudFormationName);
    if (exception != null) {
      return exception;
    }
    int capitals = 0;
    while (capitals < cloudFormationName.length() && Character.isUpperCase(cloudFormationName.charAt(capitals))) {
      capitals++;
    }
    if (capitals == 0) {
      return cloudFormationName;
    }
    // In "EFSVolume" the last capital starts the next word; in "IAM" or "Name" every leading capital is lowered.
    int lowered = capitals > 1 && capitals < cloudFormationName.length() ? capitals - 1 : capitals;
    return cloudFormationName.substring(0, lowered).toLowerCase(java.util.Locale.ROOT)
        + cloudFormationName.substring(lowered);
  }

  /** Whether the members of this API field are the user's keys, kept as written. */
  static boolean isFreeForm(String apiName) {
    return FREE_FORM.contains(apiName);
  }
}
