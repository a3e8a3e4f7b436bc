package dev.ecsguard.rule.logging;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.LogConfiguration;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;

/**
 * An awslogs container does not say {@code "mode": "non-blocking"}: the option is absent, {@code blocking}, or
 * a value Docker does not know. Absent fails, as in Prowler's check: the effective mode then depends on the
 * account's {@code defaultLogDriverMode} setting, which the definition cannot show. Prowler looks at every
 * log driver; this rule only at awslogs, the driver whose back-pressure the ECS docs warn about (FireLens and
 * Splunk have their own buffering).
 */
@RuleInfo(
    id = "awslogs-non-blocking",
    profile = Profile.RESTRICTED,
    title = "awslogs does not use non-blocking delivery",
    severity = Severity.LOW,
    mistake = 1,
    rationale = "In blocking mode a container's writes to stdout and stderr wait while awslogs cannot deliver to "
        + "CloudWatch Logs (throttling, a network blip, a missing endpoint): the application stalls, health "
        + "checks time out and the task is replaced, so a logging outage becomes an application outage. Since "
        + "June 2025 ECS defaults to non-blocking for accounts whose defaultLogDriverMode setting is unchanged, "
        + "but that default lives in an account setting that can differ between accounts and be changed back; "
        + "the definition should say what it needs.",
    remediation = "In logConfiguration.options set \"mode\": \"non-blocking\" and size the buffer with "
        + "\"max-buffer-size\" (e.g. \"25m\") for bursts; keep blocking only where losing a log line is worse than "
        + "stalling the application, and then say \"mode\": \"blocking\" and accept this finding as an exemption.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html",
    controls = {"Prowler ecs_task_definitions_logging_block_mode"})
public final class AwslogsNonBlocking implements ContainerRule {

  static final String MODE = "mode";
  static final String NON_BLOCKING = "non-blocking";

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    LogConfiguration logs = container.logConfiguration();
    if (logs == null || !logs.isAwslogs()) {
      return List.of();
    }
    String mode = logs.option(MODE);
    String field = "logConfiguration/options/" + MODE;
    String who = "container \"" + container.name() + "\" ";
    if (mode == null || mode.isBlank()) {
      return List.of(Violation.at(field, who + "uses awslogs without \"mode\": delivery follows the account's "
          + "defaultLogDriverMode setting, which may be blocking"));
    }
    String given = mode.trim();
    if (given.equals(NON_BLOCKING)) {
      return List.of();
    }
    String what = given.equals("blocking") ? "blocking" : "\"" + given + "\", which Docker does not accept";
    return List.of(Violation.at(field, who + "uses awslogs with mode " + what
        + ": a stalled log stream stalls the application"));
  }
}
