package dev.ecsguard.rule;

import dev.ecsguard.rule.exemption.ExemptionValid;
import dev.ecsguard.rule.iam.NoRoleOverridesInRun;
import dev.ecsguard.rule.iam.RequireExecutionRole;
import dev.ecsguard.rule.iam.RoleArnValid;
import dev.ecsguard.rule.iam.SeparateTaskAndExecutionRoles;
import dev.ecsguard.rule.iam.TaskRoleNotAdmin;
import dev.ecsguard.rule.iam.TaskRoleNotShared;
import dev.ecsguard.rule.image.DisallowLatestTag;
import dev.ecsguard.rule.image.ImageNotEmpty;
import dev.ecsguard.rule.image.ImageNotPlaceholder;
import dev.ecsguard.rule.image.ImageRegistryAllowed;
import dev.ecsguard.rule.image.ImageSameRegion;
import dev.ecsguard.rule.image.ImageSizeLimit;
import dev.ecsguard.rule.image.PinImagesByDigest;
import dev.ecsguard.rule.image.PreferSlimBaseImage;
import dev.ecsguard.rule.logging.AwslogsCreateGroupAllowed;
import dev.ecsguard.rule.logging.AwslogsGroupExists;
import dev.ecsguard.rule.logging.AwslogsNonBlocking;
import dev.ecsguard.rule.logging.AwslogsOptionsComplete;
import dev.ecsguard.rule.logging.LogDriverSupported;
import dev.ecsguard.rule.logging.LogOptionsNoSecrets;
import dev.ecsguard.rule.logging.RequireLogConfiguration;
import dev.ecsguard.rule.network.DisallowHostNetwork;
import dev.ecsguard.rule.network.FargatePlatformLatest;
import dev.ecsguard.rule.network.HostNetworkNonRoot;
import dev.ecsguard.rule.network.PreferAwsvpcNetworkMode;
import dev.ecsguard.rule.network.RunTaskCanPullImage;
import dev.ecsguard.rule.network.RunTaskPublicIpNeeded;
import dev.ecsguard.rule.operations.RequireHealthCheck;
import dev.ecsguard.rule.operations.RequiredTags;
import dev.ecsguard.rule.resources.ContainerResourcesFitTask;
import dev.ecsguard.rule.resources.FargateCpuMemoryValid;
import dev.ecsguard.rule.resources.MemoryMeetsDockerMinimum;
import dev.ecsguard.rule.resources.MinimumResources;
import dev.ecsguard.rule.resources.RequireMemoryLimit;
import dev.ecsguard.rule.runtime.DeclareNonRootUser;
import dev.ecsguard.rule.runtime.DisallowHostIpc;
import dev.ecsguard.rule.runtime.DisallowHostPid;
import dev.ecsguard.rule.runtime.DisallowPrivileged;
import dev.ecsguard.rule.runtime.DisallowSensitiveHostMounts;
import dev.ecsguard.rule.runtime.DisallowUnconfinedSecurityOptions;
import dev.ecsguard.rule.runtime.DropAllCapabilities;
import dev.ecsguard.rule.runtime.NoUnusedSensitiveHostVolumes;
import dev.ecsguard.rule.runtime.RequireReadOnlyRootFilesystem;
import dev.ecsguard.rule.runtime.RestrictCapabilities;
import dev.ecsguard.rule.runtime.RunAsNonRoot;
import dev.ecsguard.rule.runtime.WindowsNonAdminUser;
import dev.ecsguard.rule.secrets.NoHighEntropyLiterals;
import dev.ecsguard.rule.secrets.NoSecretEnvNames;
import dev.ecsguard.rule.secrets.NoSecretEnvValues;
import dev.ecsguard.rule.secrets.NoSecretsInCommand;
import dev.ecsguard.rule.secrets.NoSecretsInRunOverrides;
import dev.ecsguard.rule.secrets.NoSecretsInVolumeOptions;
import dev.ecsguard.rule.secrets.SecretsReadableByExecutionRole;
import dev.ecsguard.rule.secrets.SecretsValueFromValid;
import dev.ecsguard.rule.storage.EfsTransitEncryption;
import dev.ecsguard.rule.validity.DependsOnExistingContainer;
import dev.ecsguard.rule.validity.FamilyValid;
import dev.ecsguard.rule.validity.FargateSupportedSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of built-in rules: one explicit list, no classpath scanning (cold start, grep-ability).
 * A meta-test checks that every {@code @RuleInfo} class is listed here.
 */
public final class Rules {

  private Rules() {}

  public static List<Rule> builtIn() {
    return withExemptionCheck(List.of(
        // keep-sorted start
        new AwslogsCreateGroupAllowed(),
        new AwslogsGroupExists(),
        new AwslogsNonBlocking(),
        new AwslogsOptionsComplete(),
        new ContainerResourcesFitTask(),
        new DeclareNonRootUser(),
        new DependsOnExistingContainer(),
        new DisallowHostIpc(),
        new DisallowHostNetwork(),
        new DisallowHostPid(),
        new DisallowLatestTag(),
        new DisallowPrivileged(),
        new DisallowSensitiveHostMounts(),
        new DisallowUnconfinedSecurityOptions(),
        new DropAllCapabilities(),
        new EfsTransitEncryption(),
        new FamilyValid(),
        new FargateCpuMemoryValid(),
        new FargatePlatformLatest(),
        new FargateSupportedSettings(),
        new HostNetworkNonRoot(),
        new ImageNotEmpty(),
        new ImageNotPlaceholder(),
        new ImageRegistryAllowed(),
        new ImageSameRegion(),
        new ImageSizeLimit(),
        new LogDriverSupported(),
        new LogOptionsNoSecrets(),
        new MemoryMeetsDockerMinimum(),
        new MinimumResources(),
        new NoHighEntropyLiterals(),
        new NoRoleOverridesInRun(),
        new NoSecretEnvNames(),
        new NoSecretEnvValues(),
        new NoSecretsInCommand(),
        new NoSecretsInRunOverrides(),
        new NoSecretsInVolumeOptions(),
        new NoUnusedSensitiveHostVolumes(),
        new PinImagesByDigest(),
        new PreferAwsvpcNetworkMode(),
        new PreferSlimBaseImage(),
        new RequireExecutionRole(),
        new RequireHealthCheck(),
        new RequireLogConfiguration(),
        new RequireMemoryLimit(),
        new RequireReadOnlyRootFilesystem(),
        new RequiredTags(),
        new RestrictCapabilities(),
        new RoleArnValid(),
        new RunAsNonRoot(),
        new RunTaskCanPullImage(),
        new RunTaskPublicIpNeeded(),
        new SecretsReadableByExecutionRole(),
        new SecretsValueFromValid(),
        new SeparateTaskAndExecutionRoles(),
        new TaskRoleNotAdmin(),
        new TaskRoleNotShared(),
        new WindowsNonAdminUser()
        // keep-sorted end
        ));
  }

  /** The exemption check knows every other rule's id and aliases, so it can tell a tag naming none. */
  private static List<Rule> withExemptionCheck(List<Rule> rules) {
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      RuleInfo info = rule.getClass().getAnnotation(RuleInfo.class);
      ids.add(info.id());
      ids.addAll(List.of(info.aliases()));
    }
    List<Rule> all = new ArrayList<>(rules);
    all.add(new ExemptionValid(ids));
    return List.copyOf(all);
  }
}
