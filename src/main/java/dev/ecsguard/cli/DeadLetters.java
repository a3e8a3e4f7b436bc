package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * What a message of ecs-guard's dead-letter queue holds. Two kinds of message land there:
 *
 * <ul>
 *   <li>from the EventBridge rule's dead-letter queue (an event EventBridge could not deliver): the body is the
 *       event itself, and the reason is in message attributes ({@code ERROR_CODE}, {@code RULE_ARN}, ...);
 *   <li>from the function's asynchronous on-failure destination (an event whose invocations all failed): the body
 *       is Lambda's invocation record, {@code {"version": "1.0", "requestContext": {"condition": ...},
 *       "requestPayload": <the event>, "responseContext": ..., "responsePayload": ...}}.
 * </ul>
 *
 * Neither the body nor any part of the event is ever put in a {@link Extracted#reason()}.
 */
final class DeadLetters {

  private DeadLetters() {}

  /** The scheduled inventory sweep's input (template.yaml, InventorySweep). */
  static final String SWEEP_TASK = "inventory-sweep";

  enum Kind {
    /** An event to run through the pipeline. */
    EVENT,
    /** A failed inventory sweep: not replayed, the schedule runs it again. */
    SWEEP,
    /** Neither shape, or not JSON: left in the queue for a person to look at. */
    MALFORMED
  }

  /**
   * @param source where the message came from: {@code rule} (EventBridge's dead-letter queue) or
   *     {@code on-failure} (Lambda's destination), or {@code ?}
   * @param event the event's bytes, for {@link Kind#EVENT}
   * @param eventId the CloudTrail event id (else the EventBridge id), made safe to print, or {@code -}
   */
  record Extracted(Kind kind, String source, byte[] event, String eventId, String reason) {}

  static Extracted extract(String body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body == null ? "" : body);
    } catch (java.io.IOException | RuntimeException e) {
      // The parser's message quotes the body: not repeated.
      return malformed("?", "the body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return malformed("?", "the body is not a JSON object");
    }
    if (root.has("requestContext") && root.has("responseContext")) {
      JsonNode payload = root.get("requestPayload");
      if (payload == null || payload.isNull() || payload.isMissingNode()) {
        return malformed("on-failure", "Lambda's invocation record holds no requestPayload");
      }
      return fromEvent("on-failure", payload);
    }
    return fromEvent("rule", root);
  }

  private static Extracted fromEvent(String source, JsonNode event) {
    if (event.isObject() && SWEEP_TASK.equals(event.path("ecsGuard").path("task").asText(null))) {
      return new Extracted(Kind.SWEEP, source, null, "-", "inventory sweep");
    }
    if (!event.isObject() || !event.has("detail-type") || !event.has("source")) {
      return malformed(source, "neither an EventBridge event nor Lambda's invocation record of one");
    }
    String id = event.path("detail").path("eventID").asText(null);
    if (id == null) {
      id = event.path("id").asText(null);
    }
    byte[] bytes = Json.write(event).getBytes(StandardCharsets.UTF_8);
    return new Extracted(Kind.EVENT, source, bytes, safe(id), null);
  }

  private static Extracted malformed(String source, String reason) {
    return new Extracted(Kind.MALFORMED, source, null, "-", reason);
  }

  /** An identifier as printed: letters, digits and {@code -._:} only, at most 80 characters; else {@code -}. */
  static String safe(String id) {
    if (id == null || id.isEmpty() || id.length() > 80 || !id.matches("[A-Za-z0-9._:-]+")) {
      return "-";
    }
    return id;
  }
}
