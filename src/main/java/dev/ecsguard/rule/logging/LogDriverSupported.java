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
 * A container's log driver is not one ECS supports where the task runs. On Fargate (whenever FARGATE is
 * required, even with EC2 too) that is awslogs, splunk and awsfirelens; elsewhere (EC2, ECS Anywhere) also
 * fluentd, gelf, json-file, journald and syslog. These are the API_LogConfiguration lists; {@code logentries},
 * which older versions listed for EC2, is gone from the docs and from the API's LogDriver enum (Docker removed
 * the driver), so it fails too. Names are compared exactly: the API's values are lower case. A missing or
 * blank driver is require-log-configuration's finding, not this rule's.
 */
@RuleInfo(
    id = "log-driver-supported",
    profile = Profile.BASELINE,
    title = "Log driver is not supported where the task runs",
    severity = Severity.MEDIUM,
    mistake = 1,
    rationale = "ECS passes only a fixed set of Docker log drivers to containers, and Fargate an even smaller one "
        + "(awslogs, splunk, awsfirelens), because there is no host daemon to configure. With any other driver the "
        + "definition is rejected or the task fails to start, and until someone notices, the service has no "
        + "logs at all.",
    remediation = "On Fargate use awslogs, or awsfirelens with a Fluent Bit log router container to reach other "
        + "destinations (Datadog, Elasticsearch, fluentd, syslog…); splunk works directly. On EC2 pick one of "
        + "awslogs, fluentd, gelf, json-file, journald, syslog, splunk or awsfirelens, and make sure the agent "
        + "lists it in ECS_AVAILABLE_LOGGING_DRIVERS.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html",
    controls = {"ECS API LogConfiguration logDriver"})
public final class LogDriverSupported implements ContainerRule {

  static final List<String> FARGATE_DRIVERS = List.of("awslogs", "splunk", "awsfirelens");
  static final List<String> EC2_DRIVERS =
      List.of("awslogs", "fluentd", "gelf", "json-file", "journald", "syslog", "splunk", "awsfirelens");

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    LogConfiguration logs = container.logConfiguration();
    if (logs == null || logs.logDriver() == null) {
      return List.of();
    }
    String driver = logs.logDriver().trim();
    boolean fargate = context.taskDefinition().requiresFargate();
    List<String> supported = fargate ? FARGATE_DRIVERS : EC2_DRIVERS;
    if (supported.contains(driver)) {
      return List.of();
    }
    String where = fargate ? "Fargate supports only " : "ECS supports only ";
    return List.of(Violation.at("logConfiguration/logDriver", "container \"" + container.name()
        + "\" uses log driver \"" + driver + "\"; " + where + String.join(", ", supported)));
  }
}
