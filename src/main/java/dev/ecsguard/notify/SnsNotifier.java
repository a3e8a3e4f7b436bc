package dev.ecsguard.notify;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes one message per report with findings to the alerts topic: a subject and a body a person can
 * act on, and message attributes that subscription filter policies can match.
 */
public final class SnsNotifier implements Notifier {

  /** The IAM actions this adapter calls; the template must grant them (on the topic only). */
  public static final List<String> PERMISSIONS = List.of("sns:Publish");

  /** SNS's limit is 262,144 bytes for message and attributes together; keep room for the attributes. */
  static final int MAX_MESSAGE_BYTES = 256 * 1024 - 8 * 1024;

  private final AwsClients clients;
  private final String topicArn;
  private final TextReport text;

  public SnsNotifier(AwsClients clients, String topicArn, TextReport text) {
    this.clients = clients;
    this.topicArn = topicArn;
    this.text = text;
  }

  @Override
  public void publish(Report report) {
    if (!worthAnAlert(report)) {
      return;
    }
    String body = fitting(report);
    try {
      clients.sns(topicRegion()).publish(r -> r
          .topicArn(topicArn)
          .subject(text.subject(report))
          .message(body)
          .messageAttributes(attributes(report)));
    } catch (SdkException e) {
      // Transient or not, an alert that could not be sent must fail the invocation: the event is retried.
      RuntimeException failure = AwsFailures.classify("Publish", e);
      throw failure instanceof dev.ecsguard.aws.TransientAwsException
          ? failure
          : new dev.ecsguard.aws.TransientAwsException(failure.getMessage() + ": the function needs sns:Publish on "
              + topicArn, e);
    }
  }

  /**
   * An alert needs a finding above INFO: notes alone ("could not verify", "not pinned by digest") ride along
   * in alerts and stay in the log line, but do not wake anybody up.
   */
  static boolean worthAnAlert(Report report) {
    return report.evaluation().reported().stream().anyMatch(f -> f.severity() != dev.ecsguard.rule.Severity.INFO);
  }

  /** The whole body when it fits, else as many findings as fit, with the rest counted. */
  String fitting(Report report) {
    int total = report.evaluation().findings().size();
    String body = text.body(report);
    for (int limit = total; utf8Length(body) > MAX_MESSAGE_BYTES && limit > 0; ) {
      limit = limit / 2;
      body = text.body(report, limit);
    }
    return body;
  }

  private Map<String, MessageAttributeValue> attributes(Report report) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    report.evaluation().highestSeverity().ifPresent(s -> attributes.put("severity", string(s.name())));
    attributes.put("family", string(report.subject().taskDefinition().family()));
    if (report.account() != null) {
      attributes.put("account", string(report.account()));
    }
    if (report.region() != null) {
      attributes.put("region", string(report.region()));
    }
    attributes.put("mode", string(report.mode().toString()));
    attributes.put("action", string(report.outcome().action().name()));
    List<String> ruleIds = report.evaluation().findings().stream().map(f -> f.ruleId()).distinct().toList();
    attributes.put("rules", MessageAttributeValue.builder().dataType("String.Array")
        .stringValue(dev.ecsguard.json.Json.write(ruleIds)).build());
    return attributes;
  }

  private String topicRegion() {
    // arn:aws:sns:<region>:<account>:<name>
    String[] parts = topicArn.split(":");
    return parts.length > 3 ? parts[3] : null;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
