package dev.ecsguard.rule.runtime;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Windows container runs as an administrator: {@code user} absent or blank, or {@code ContainerAdministrator}
 * (Security Hub ECS.21, AWS Config windows-user-non-admin). Names compare case-insensitively, as Windows does, after
 * any domain prefix ({@code User Manager\ContainerAdministrator}); {@code Administrator} and
 * {@code NT AUTHORITY\SYSTEM} count too, being at least as powerful.
 *
 * <p>Only Windows task definitions are judged ({@link dev.ecsguard.model.TaskDefinition#isWindows()}: a Windows
 * {@code runtimePlatform.operatingSystemFamily}, or a Windows image such as {@code servercore} or {@code nanoserver}).
 * Security Hub also applies ECS.21 to any definition without a family, but one without a Windows image then runs as
 * Linux, and run-as-non-root already reports a missing user there, so reporting it twice would add noise, not
 * coverage.
 */
@RuleInfo(
    id = "windows-non-admin-user",
    profile = Profile.RESTRICTED,
    title = "Windows container runs as an administrator",
    severity = Severity.MEDIUM,
    mistake = 8,
    rationale = "ContainerAdministrator is the default user of Windows Server Core images and holds full "
        + "administrative rights inside the container: it can change system settings, install services and "
        + "reach whatever the host shares with the container. A process that is compromised starts with all of it.",
    remediation = "Set user to ContainerUser (or another non-administrative account that exists in the image), "
        + "and give that account rights only to the folders the application writes.",
    docUrl = "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-21",
    controls = {"Security Hub ECS.21", "AWS Config ecs-task-definition-windows-user-non-admin"})
public final class WindowsNonAdminUser implements ContainerRule {

  private static final Set<String> ADMINISTRATORS = Set.of("containeradministrator", "administrator", "system");

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (!context.taskDefinition().isWindows()) {
      return List.of();
    }
    String user = container.user() == null ? "" : container.user().trim();
    if (user.isEmpty()) {
      return List.of(Violation.at("user", "container \"" + container.name() + "\" sets no user: it runs as the "
          + "image's user, ContainerAdministrator for Windows Server Core images"));
    }
    String account = user.substring(user.lastIndexOf('\\') + 1).trim().toLowerCase(Locale.ROOT);
    if (ADMINISTRATORS.contains(account)) {
      return List.of(Violation.at("user", "container \"" + container.name() + "\" sets user \"" + user
          + "\", an administrator"));
    }
    return List.of();
  }
}
