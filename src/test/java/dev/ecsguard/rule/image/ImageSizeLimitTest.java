package dev.ecsguard.rule.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.Configurable.InvalidParameterException;
import org.junit.jupiter.api.Test;

/** The limits a policy can set, and how sizes read. The findings themselves are cases under test/rules. */
class ImageSizeLimitTest {

  private static String rejection(String parameters) throws Exception {
    JsonNode given = Json.MAPPER.readTree(parameters);
    return assertThrows(InvalidParameterException.class, () -> new ImageSizeLimit().configure(given)).getMessage();
  }

  @Test
  void theLimitIsWholePositiveBytes() throws Exception {
    assertTrue(rejection("{\"failBytes\": 0}").startsWith("failBytes:"));
    assertTrue(rejection("{\"failBytes\": \"1GiB\"}").startsWith("failBytes:"));
    assertTrue(rejection("{\"failBytes\": 1.5}").startsWith("failBytes:"));
  }

  /** One limit, one severity: the second, lower limit of old is refused with the reason, not silently ignored. */
  @Test
  void theRetiredWarningLimitIsRefusedWithTheReason() throws Exception {
    assertEquals("warnBytes: no longer used: the rule has one limit, failBytes, and one severity; remove warnBytes, "
        + "or lower failBytes to hear of smaller images", rejection("{\"warnBytes\": 524288000}"));
  }

  @Test
  void limitsBeyondTwoGibibytesFit() throws Exception {
    JsonNode large = Json.MAPPER.readTree("{\"failBytes\": 10737418240}");
    assertEquals(large, ((Configurable) new ImageSizeLimit().configure(large)).parameters());
    assertEquals(Json.MAPPER.readTree("{\"failBytes\": 1073741824}"), new ImageSizeLimit().parameters());
  }

  @Test
  void sizesReadInMebibytes() {
    assertEquals("500 MiB", ImageSizeLimit.mib(524_288_000L));
    assertEquals("1228.8 MiB", ImageSizeLimit.mib(1_288_490_189L));
    assertEquals("0.0 MiB", ImageSizeLimit.mib(1L));
  }
}
