package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.BoundedInput;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.testing.CapturedLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Lambda's input stream is read through the cap: an event larger than it is skipped as malformed with one
 * log line, after reading one byte past the cap and no more; a deeply nested one likewise.
 */
class OversizedEventTest {

  private final CapturedLog log = new CapturedLog();
  private final GuardHandler handler = new GuardHandler(PipelineFactory.offline(
      ActivePolicy.parse(new Settings(Mode.ENFORCE, Severity.HIGH, null)), Optional.empty(),
      report -> { throw new AssertionError("nothing is reported"); }, log));

  /** An endless event, counting what is read of it. */
  private static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return ' ';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      java.util.Arrays.fill(buffer, offset, offset + length, (byte) ' ');
      read += length;
      return length;
    }
  }

  private JsonNode handle(InputStream event) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(event, output, null);
    return Json.MAPPER.readTree(output.toByteArray());
  }

  @Test
  void anEventLargerThanTheCapIsSkippedAsMalformedWithoutReadingItAll() throws Exception {
    Endless event = new Endless();

    JsonNode summary = handle(event);

    assertEquals(BoundedInput.MAX_BYTES + 1L, event.read);
    assertEquals("malformed event: larger than 10 MiB, not read", summary.path("detail").asText(), summary.toString());
    assertOneLogLine("larger than 10 MiB, not read");
  }

  @Test
  void anEventNestedTooDeepIsSkippedAsMalformed() throws Exception {
    JsonNode summary = handle(new ByteArrayInputStream(("{\"detail\":" + "[".repeat(100_000))
        .getBytes(StandardCharsets.UTF_8)));

    assertEquals("malformed event: nested deeper than 100 levels", summary.path("detail").asText(), summary.toString());
    assertOneLogLine("nested deeper than 100 levels");
  }

  private void assertOneLogLine(String reason) {
    List<String> lines = log.lines();
    assertEquals(1, lines.size(), log.all());
    assertTrue(lines.get(0).contains(reason), log.all());
  }
}
