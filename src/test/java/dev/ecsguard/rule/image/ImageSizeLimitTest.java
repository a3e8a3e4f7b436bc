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
  void limitsAreWholePositiveBytesWithTheWarningNotAboveTheFailure() throws Exception {
    assertTrue(rejection("{\"warnBytes\": 0}").startsWith("warnBytes:"));
    assertTrue(rejection("{\"failBytes\": \"1GiB\"}").startsWith("failBytes:"));
    assertTrue(rejection("{\"failBytes\": 1.5}").startsWith("failBytes:"));
    assertTrue(rejection("{\"warnBytes\": 2000000000, \"failBytes\": 1000000000}")
        .startsWith("warnBytes: must not be more than failBytes"));
    assertTrue(rejection("{\"warnBytes\": 2000000000}").startsWith("warnBytes: must not be more than failBytes"),
        "against the default failBytes too");
  }

  @Test
  void limitsBeyondTwoGibibytesFit() throws Exception {
    JsonNode large = Json.MAPPER.readTree("{\"warnBytes\": 4294967296, \"failBytes\": 10737418240}");
    assertEquals(large, ((Configurable) new ImageSizeLimit().configure(large)).parameters());
    assertEquals(Json.MAPPER.readTree("{\"warnBytes\": 524288000, \"failBytes\": 1073741824}"),
        new ImageSizeLimit().parameters());
  }

  @Test
  void sizesReadInMebibytes() {
    assertEquals("500 MiB", ImageSizeLimit.mib(524_288_000L));
    assertEquals("1228.8 MiB", ImageSizeLimit.mib(1_288_490_189L));
    assertEquals("0.0 MiB", ImageSizeLimit.mib(1L));
  }
}
