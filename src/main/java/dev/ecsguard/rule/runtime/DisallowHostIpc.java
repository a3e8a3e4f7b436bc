package dev.ecsguard.rule.runtime;

import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * The task sets {@code ipcMode} to {@code host} (compared case-insensitively), the ECS form of the Pod Security
 * Standards' forbidden {@code hostIPC}. {@code task}, {@code none} and absent pass. ipcMode is not valid on Fargate,
 * so this matters for EC2 and ECS Anywhere.
 */
@RuleInfo(
    id = "disallow-host-ipc",
    profile = Profile.BASELINE,
    title = "Task shares the host's IPC namespace",
    severity = Severity.HIGH,
    mistake = 8,
    rationale = "With ipcMode host, the containers share System V IPC and POSIX shared memory with the EC2 instance "
        + "and every other task using host IPC: they can read and corrupt other processes' shared memory segments "
        + "and message queues, which often hold request data and credentials.",
    remediation = "Remove ipcMode, or set it to task if the containers of this task must share memory with each "
        + "other.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html#ECS-Type-TaskDefinition-ipcMode",
    controls = {"Pod Security Standards baseline"})
public final class DisallowHostIpc implements Rule {

  @Override
  public List<Violation> check(EvaluationContext context) {
    String ipcMode = context.taskDefinition().ipcMode();
    return ipcMode != null && ipcMode.trim().equalsIgnoreCase("host")
        ? List.of(Violation.at("/ipcMode", "ipcMode is host: the containers share the instance's IPC namespace"))
        : List.of();
  }
}
