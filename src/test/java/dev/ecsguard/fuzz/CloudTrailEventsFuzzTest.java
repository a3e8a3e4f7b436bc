package dev.ecsguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import java.util.regex.Pattern;

/**
 * The event parser alone, on arbitrary bytes: it never throws (a Lambda that throws on a bad event is retried by
 * EventBridge for an hour, then dead-lettered), anything it cannot use is {@link ApiCall.Skipped} with a short
 * reason, and the identifiers it lifts from the event for log lines are short and printable.
 */
class CloudTrailEventsFuzzTest {

  /** What {@code CloudTrailEvents.safe} lets through: printable ASCII of ARNs and ids, at most 128 + "…". */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9:/._@+=,?-]{0,128}…?");

  @FuzzTest
  @DictionaryFile(resourcePath = "cloudtrail.dict")
  void parse(byte[] event) {
    ApiCall call = CloudTrailEvents.parse(event);
    assertNotNull(call, "parse returned null");
    ApiCall.Origin origin = call.origin();
    for (String identifier : new String[] {origin.eventId(), origin.eventName(), origin.region(), origin.account()}) {
      assertTrue(identifier == null || SAFE.matcher(identifier).matches(), "an identifier for log lines is not safe");
    }
    if (call instanceof ApiCall.Skipped skipped) {
      assertNotNull(skipped.reason(), "a skip without a reason");
      assertTrue(skipped.reason().length() < 300, "a skip reason of " + skipped.reason().length() + " characters");
    } else if (call instanceof ApiCall.Registration registration) {
      assertTrue(registration.taskDefinitionArn() != null || registration.family() != null,
          "a registration naming no revision and no family");
      registration.embedded().ifPresent(d -> assertFalse(d.containers().isEmpty(), "a definition without containers"));
    } else if (call instanceof ApiCall.Run run) {
      assertNotNull(run.request().taskDefinition(), "a run naming no task definition");
    }
  }
}
