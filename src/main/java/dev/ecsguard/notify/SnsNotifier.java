package dev.ecsguard.notify;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.json.Json;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Severity;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes each report with a finding above INFO to up to three topics, one form each, every message
 * String-structured (no {@code MessageStructure=json}) with the same message attributes, so that
 * subscription filter policies work on every topic and raw SQS deliveries carry the attributes:
 * <ul>
 *   <li>alerts topic: the text for people ({@link TextReport}), with a subject (email);
 *   <li>reports topic: the machine-readable report ({@link JsonReport}, schema {@value JsonReport#SCHEMA});
 *   <li>chatbot topic: the AWS Chatbot custom notification ({@link ChatbotReport}) for Slack or Teams.
 * </ul>
 * Every message, attributes included, stays under SNS's 262,144 bytes: when the findings do not fit, the most
 * severe are kept and the message says how many were left out (the function's log line keeps them all).
 */
public final class SnsNotifier implements Notifier {

  /** The IAM actions this adapter calls; the template must grant them (on the three topics only). */
  public static final List<String> PERMISSIONS = List.of("sns:Publish");

  /** SNS's limit for message and attributes together. */
  public static final int SNS_LIMIT_BYTES = 256 * 1024;

  /** Kept free below the limit for what SNS may count that we do not (the subject, encoding details). */
  static final int MARGIN_BYTES = 1024;

  /** Raw-delivery SQS subscriptions discard messages with more attributes than this. */
  static final int MAX_ATTRIBUTES = 10;

  private final AwsClients clients;
  private final AlertTopics topics;
  private final TextReport text;
  private final ChatbotReport chatbot;

  public SnsNotifier(AwsClients clients, AlertTopics topics, TextReport text, Catalog catalog) {
    this.clients = clients;
    this.topics = topics;
    this.text = text;
    this.chatbot = new ChatbotReport(catalog, text);
  }

  /** The alerts topic only (text). */
  public SnsNotifier(AwsClients clients, String topicArn, TextReport text) {
    this(clients, new AlertTopics(topicArn, null, null), text, Catalog.standard());
  }

  @Override
  public void publish(Report report) {
    publish(report, Set.of());
  }

  @Override
  public Set<String> publish(Report report, Set<String> alreadySent) {
    if (!worthAnAlert(report) || alreadySent.contains(ALL_FORMS)) {
      return Set.of(ALL_FORMS);
    }
    Map<String, MessageAttributeValue> attributes = attributes(report);
    String subject = text.subject(report);
    Set<String> sent = new LinkedHashSet<>(alreadySent);
    try {
      if (topics.alerts() != null && sent.add("email")) {
        send(topics.alerts(), subject, emailBody(report, attributes, subject), attributes);
      }
      if (topics.reports() != null && sent.add("report")) {
        send(topics.reports(), subject, reportJson(report, attributes, subject), attributes);
      }
      if (topics.chatbot() != null && sent.add("chatbot")) {
        send(topics.chatbot(), null, chatbotJson(report, attributes), attributes);
      }
    } catch (TransientAwsException failure) {
      // The form being sent is the last one added; everything before it went out.
      List<String> ordered = new java.util.ArrayList<>(sent);
      ordered.remove(ordered.size() - 1);
      if (ordered.isEmpty()) {
        throw failure;
      }
      throw new PartialDeliveryException(new LinkedHashSet<>(ordered), failure);
    }
    return Set.of(ALL_FORMS);
  }

  private void send(String topicArn, String subject, String message, Map<String, MessageAttributeValue> attributes) {
    try {
      clients.sns(region(topicArn)).publish(r -> r
          .topicArn(topicArn)
          .subject(subject)
          .message(message)
          .messageAttributes(attributes));
    } catch (SdkException e) {
      // Transient or not, an alert that could not be sent must fail the invocation: the event is retried.
      RuntimeException failure = AwsFailures.classify("Publish", e);
      throw failure instanceof TransientAwsException
          ? failure
          : new TransientAwsException(failure.getMessage() + ": the function needs sns:Publish on " + topicArn, e);
    }
  }

  /**
   * An alert needs a finding above INFO: "could not verify" notes alone ride along in alerts and stay in the log
   * line, but do not wake anybody up. A finding that a tag exemption silenced is alerted on too: the tag was granted
   * with the registration, not reviewed in the policy, so somebody should see who used it.
   */
  static boolean worthAnAlert(Report report) {
    return report.evaluation().reported().stream().anyMatch(f -> f.severity() != Severity.INFO)
        || report.evaluation().findings().stream()
            .anyMatch(f -> f.exempted() && f.exemption().startsWith(ActivePolicy.TAG_GRANT));
  }

  /** The email body: all findings when they fit, else the most severe with the rest counted. */
  String emailBody(Report report, Map<String, MessageAttributeValue> attributes, String subject) {
    return fit(limit -> text.body(report, limit), report.evaluation().findings().size(), budget(attributes, subject));
  }

  String reportJson(Report report, Map<String, MessageAttributeValue> attributes, String subject) {
    return fit(limit -> JsonReport.compact(report, limit), report.evaluation().findings().size(),
        budget(attributes, subject));
  }

  String chatbotJson(Report report, Map<String, MessageAttributeValue> attributes) {
    return fit(limit -> chatbot.render(report, limit), ChatbotReport.TOP_FINDINGS, budget(attributes, null));
  }

  /** For tests: each form as it would be published. */
  Map<String, String> forms(Report report) {
    Map<String, MessageAttributeValue> attributes = attributes(report);
    String subject = text.subject(report);
    return Map.of("email", emailBody(report, attributes, subject), "report", reportJson(report, attributes, subject),
        "chatbot", chatbotJson(report, attributes));
  }

  /** The bytes left for the message body once the attributes (names, types and values) are counted. */
  static int budget(Map<String, MessageAttributeValue> attributes, String subject) {
    int used = MARGIN_BYTES + (subject == null ? 0 : utf8Length(subject));
    for (Map.Entry<String, MessageAttributeValue> entry : attributes.entrySet()) {
      used += utf8Length(entry.getKey()) + utf8Length(entry.getValue().dataType())
          + utf8Length(entry.getValue().stringValue());
    }
    return SNS_LIMIT_BYTES - used;
  }

  /** The rendering with all {@code total} findings when it fits, else with the most that fit. */
  static String fit(IntFunction<String> render, int total, int budget) {
    String whole = render.apply(total);
    if (utf8Length(whole) <= budget) {
      return whole;
    }
    int low = 0;
    int high = total - 1;
    String best = render.apply(0);
    while (low <= high) {
      int middle = (low + high) >>> 1;
      String candidate = render.apply(middle);
      if (utf8Length(candidate) <= budget) {
        best = candidate;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return best;
  }

  /**
   * The attributes every form carries, for subscription filter policies: {@code severity} (the highest),
   * {@code rules} (String.Array of the reported rule ids), {@code family}, {@code account}, {@code region},
   * {@code mode}, {@code action} and {@code eventName}: eight, under the ten raw SQS delivery allows.
   */
  static Map<String, MessageAttributeValue> attributes(Report report) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    report.evaluation().highestSeverity().ifPresent(s -> attributes.put("severity", string(s.name())));
    List<String> ruleIds = report.evaluation().reported().stream().map(Finding::ruleId).distinct().toList();
    attributes.put("rules", MessageAttributeValue.builder().dataType("String.Array")
        .stringValue(Json.write(ruleIds)).build());
    attributes.put("family", string(report.subject().taskDefinition().family()));
    if (report.account() != null) {
      attributes.put("account", string(report.account()));
    }
    if (report.region() != null) {
      attributes.put("region", string(report.region()));
    }
    attributes.put("mode", string(report.mode().toString()));
    attributes.put("action", string(report.outcome().action().name()));
    report.origin().map(o -> o.eventName()).filter(n -> n != null)
        .ifPresent(name -> attributes.put("eventName", string(name)));
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalStateException("more than " + MAX_ATTRIBUTES + " message attributes");
    }
    return attributes;
  }

  private static String region(String topicArn) {
    // arn:aws:sns:<region>:<account>:<name>
    String[] parts = topicArn.split(":");
    return parts.length > 3 ? parts[3] : null;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  static int utf8Length(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
