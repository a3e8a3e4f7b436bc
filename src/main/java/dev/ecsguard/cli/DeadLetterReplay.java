package dev.ecsguard.cli;

import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.pipeline.Result;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Receives the dead-letter queue's messages and runs each one's event through the pipeline. A message is deleted
 * only once its event was handled: evaluated, or skipped as not ecs-guard's (and a failed inventory sweep, which the
 * schedule runs again). Any other message stays in the queue and reappears after the visibility timeout: a malformed
 * one, an unusable event (its definition cannot be read), a failure. One line per message, identifiers only.
 */
final class DeadLetterReplay {

  /** What one replay did. {@code received} counts each message once, however often SQS hands it out. */
  record Summary(int received, int replayed, int failed) {}

  private final SqsClient sqs;
  private final Function<byte[], Result> pipeline;
  private final PrintWriter out;

  DeadLetterReplay(SqsClient sqs, Function<byte[], Result> pipeline, PrintWriter out) {
    this.sqs = sqs;
    this.pipeline = pipeline;
    this.out = out;
  }

  /**
   * @param max at most this many messages
   * @param waitSeconds long poll of each receive (0-20); the replay ends at the first receive that brings nothing new
   * @param visibilityTimeout how long a received message stays hidden: longer than this replay takes, so that a
   *     failed message is not received again by it
   */
  Summary run(String queueUrl, int max, int waitSeconds, int visibilityTimeout) {
    Set<String> seen = new HashSet<>();
    int received = 0;
    int replayed = 0;
    int failed = 0;
    while (received < max) {
      int batch = Math.min(10, max - received);
      List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batch)
          .waitTimeSeconds(waitSeconds).visibilityTimeout(visibilityTimeout)).messages();
      boolean anyNew = false;
      for (Message message : messages) {
        if (!seen.add(message.messageId())) {
          continue;
        }
        anyNew = true;
        received++;
        Line line = replay(message);
        String status = line.status();
        if (line.handled()) {
          try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            replayed++;
          } catch (SdkException e) {
            // Handled, but it will be received (and handled, idempotently) again.
            failed++;
            status = status + " (handled, but not deleted: " + e.getClass().getSimpleName() + ")";
          }
        } else {
          failed++;
        }
        out.println(DeadLetters.safe(message.messageId()) + " " + line.eventId() + " " + line.source() + " " + status
            + (line.detail() == null ? "" : ": " + line.detail()));
        out.flush();
      }
      if (!anyNew) {
        break;
      }
    }
    return new Summary(received, replayed, failed);
  }

  private record Line(boolean handled, String eventId, String source, String status, String detail) {}

  private Line replay(Message message) {
    DeadLetters.Extracted extracted = DeadLetters.extract(message.body());
    switch (extracted.kind()) {
      case MALFORMED:
        return new Line(false, extracted.eventId(), extracted.source(), "MALFORMED", extracted.reason());
      case SWEEP:
        return new Line(true, extracted.eventId(), extracted.source(), "SKIPPED",
            "a failed inventory sweep: the schedule runs the next one");
      default:
        break;
    }
    String eventId = extracted.eventId();
    try {
      Result result = pipeline.apply(extracted.event());
      String id = DeadLetters.safe(result.eventId());
      if ("-".equals(id)) {
        id = eventId;
      }
      switch (result.status()) {
        case EVALUATED:
          return new Line(true, id, extracted.source(), "EVALUATED", result.taskDefinition() + ", "
              + result.findings() + " findings" + result.highestSeverity().map(s -> ", highest " + s).orElse("")
              + ", action " + result.action() + (result.detail() == null ? "" : " (" + result.detail() + ")"));
        case SKIPPED:
          return new Line(true, id, extracted.source(), "SKIPPED", result.detail());
        default:
          return new Line(false, id, extracted.source(), "UNUSABLE", result.detail());
      }
    } catch (TransientAwsException | PermanentAwsException e) {
      return new Line(false, eventId, extracted.source(), "FAILED", e.getMessage());
    } catch (SdkException e) {
      return new Line(false, eventId, extracted.source(), "FAILED", "AWS: " + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      // Not our exception: its message could quote the event.
      return new Line(false, eventId, extracted.source(), "FAILED", e.getClass().getSimpleName());
    }
  }
}
