package dev.ecsguard.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parser's limits, and how a failure is told: in a few words, without the input. */
class JsonLimitsTest {

  private static String failure(String json) {
    JacksonException failed = assertThrows(JacksonException.class,
        () -> Json.MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8)));
    return Json.describe(failed);
  }

  @Test
  void deepNestingIsRefusedByItsDepth() {
    assertEquals("nested deeper than 100 levels", failure("[".repeat(100_000)));
    assertEquals("nested deeper than 100 levels", failure("{\"a\":".repeat(Json.MAX_NESTING + 1) + "1"
        + "}".repeat(Json.MAX_NESTING + 1)));
  }

  @Test
  void nestingAtTheLimitIsRead() throws Exception {
    Json.MAPPER.readTree("[".repeat(Json.MAX_NESTING) + "]".repeat(Json.MAX_NESTING));
  }

  @Test
  void aHugeNumberIsRefusedByItsLength() {
    assertEquals("a number longer than 1000 characters", failure("{\"cpu\": " + "9".repeat(5000) + "}"));
    assertEquals("a number longer than 1000 characters", failure("[0." + "1".repeat(5000) + "]"));
  }

  @Test
  void aHugeExponentIsReadAsANumberNotExpanded() throws Exception {
    // Jackson reads 1e999999999 as a double (Infinity) unless asked for BigDecimal: nothing grows with the exponent.
    Json.MAPPER.readTree("{\"cpu\": 1e999999999}");
    assertEquals(null, Json.integer(Json.MAPPER.readTree("{\"cpu\": 1e999999999}"), "cpu"));
  }

  @Test
  void otherwiseItIsNotValidJson() {
    assertEquals("not valid JSON", failure("{\"a\": nope}"));
  }
}
