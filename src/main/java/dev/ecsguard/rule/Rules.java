package dev.ecsguard.rule;

import dev.ecsguard.rule.iam.RequireExecutionRole;
import dev.ecsguard.rule.iam.SeparateTaskAndExecutionRoles;
import dev.ecsguard.rule.image.DisallowLatestTag;
import dev.ecsguard.rule.image.ImageSameRegion;
import dev.ecsguard.rule.logging.AwslogsOptionsComplete;
import dev.ecsguard.rule.logging.RequireLogConfiguration;
import dev.ecsguard.rule.resources.FargateCpuMemoryValid;
import dev.ecsguard.rule.resources.RequireMemoryLimit;
import dev.ecsguard.rule.runtime.DisallowPrivileged;
import dev.ecsguard.rule.runtime.RunAsNonRoot;
import dev.ecsguard.rule.secrets.NoSecretEnvNames;
import dev.ecsguard.rule.secrets.NoSecretEnvValues;
import dev.ecsguard.rule.secrets.NoSecretsInRunOverrides;
import java.util.List;

/**
 * The registry of built-in rules: one explicit list, no classpath scanning (cold start, grep-ability).
 * A meta-test checks that every {@code @RuleInfo} class is listed here.
 */
public final class Rules {

  private Rules() {}

  public static List<Rule> builtIn() {
    return withExemptionCheck(List.of(
        // keep-sorted start
        new AwslogsOptionsComplete(),
        new DisallowLatestTag(),
        new DisallowPrivileged(),
        new FargateCpuMemoryValid(),
        new ImageSameRegion(),
        new NoSecretEnvNames(),
        new NoSecretEnvValues(),
        new NoSecretsInRunOverrides(),
        new RequireExecutionRole(),
        new RequireLogConfiguration(),
        new RequireMemoryLimit(),
        new RunAsNonRoot(),
        new SeparateTaskAndExecutionRoles()
        // keep-sorted end
        ));
  }

  /** The exemption check knows every other rule's id and aliases, so it can tell a tag naming none. */
  private static List<Rule> withExemptionCheck(List<Rule> rules) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Rule rule : rules) {
      RuleInfo info = rule.getClass().getAnnotation(RuleInfo.class);
      ids.add(info.id());
      ids.addAll(List.of(info.aliases()));
    }
    List<Rule> all = new java.util.ArrayList<>(rules);
    all.add(new dev.ecsguard.rule.exemption.ExemptionValid(ids));
    return List.copyOf(all);
  }
}
