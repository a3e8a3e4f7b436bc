package dev.ecsguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every numeric {@code ECS_GUARD_*} variable: bounds, non-numbers, overflow, blanks and surrounding blanks. */
class EnvironmentValuesTest {

  private static final String NAME = "ECS_GUARD_SOMETHING";

  private static int integer(String value) {
    return EnvironmentValues.integer(value == null ? Map.of() : Map.of(NAME, value), NAME, 1, 1000, 60);
  }

  @Test
  void unsetOrBlankIsTheDefault() {
    assertEquals(60, integer(null));
    assertEquals(60, integer(""));
    assertEquals(60, integer("  \t"));
  }

  @Test
  void surroundingBlanksAreIgnoredAndTheBoundsAccepted() {
    assertEquals(1, integer("1"));
    assertEquals(1000, integer(" 1000\n"));
    assertEquals(42, integer("+42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1001", "2147483648", "-2147483649", "99999999999999999999999999999999",
      "9223372036854775808", "0x10", "1e3", "1.5", "ten", "4 2", "--5", "١٢"})
  void anythingElseFailsInOneLineNamingTheVariableAndTheBounds(String value) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> integer(value));
    String message = failure.getMessage();
    assertTrue(message.startsWith(NAME + ": "), message);
    assertTrue(message.endsWith("(1 to 1000)"), message);
    assertEquals(1, message.lines().count(), message);
  }

  @Test
  void aLongOrUnprintableValueIsNotQuotedWhole() {
    String message = assertThrows(IllegalArgumentException.class, () -> integer("x".repeat(10_000) + "\n1")).getMessage();
    assertTrue(message.length() < 120, message);
    assertEquals("'a?b'", EnvironmentValues.quoted("a\u0007b"));
  }

  @Test
  void textIsTrimmedOrNull() {
    assertNull(EnvironmentValues.text(Map.of(NAME, " "), NAME));
    assertEquals("x", EnvironmentValues.text(Map.of(NAME, " x\t"), NAME));
  }

  @Test
  void theSettingsUseTheirDocumentedBounds() {
    Settings settings = Settings.fromEnvironment(Map.of(Settings.POLICY_TTL, "0", Settings.FACT_CALLS, " 1000 ",
        Settings.FACT_TIME, "900000"));
    assertEquals(Duration.ZERO, settings.policyTtl());
    assertEquals(1000, settings.factCalls());
    assertEquals(Duration.ofMinutes(15), settings.factTime());
    Settings defaults = Settings.fromEnvironment(Map.of(Settings.POLICY_TTL, " ", Settings.FACT_CALLS, ""));
    assertEquals(Duration.ofMinutes(5), defaults.policyTtl());
    assertEquals(20, defaults.factCalls(), "per kind of fact");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ECS_GUARD_POLICY_TTL_SECONDS=-1", "ECS_GUARD_POLICY_TTL_SECONDS=86401",
      "ECS_GUARD_POLICY_TTL_SECONDS=9223372036854775807", "ECS_GUARD_POLICY_TTL_SECONDS=5m",
      "ECS_GUARD_FACTS_MAX_CALLS=0", "ECS_GUARD_FACTS_MAX_CALLS=1001", "ECS_GUARD_FACTS_MAX_CALLS=2147483648",
      "ECS_GUARD_FACTS_MAX_CALLS=sixty", "ECS_GUARD_FACTS_MAX_MILLIS=0", "ECS_GUARD_FACTS_MAX_MILLIS=900001",
      "ECS_GUARD_FACTS_MAX_MILLIS=8s", "ECS_GUARD_MODE=bogus", "ECS_GUARD_ENFORCE_SEVERITY=severe",
      "ECS_GUARD_TOPIC_ARN=topic"})
  void aBadSettingFailsNamingItsVariable(String assignment) {
    String[] parts = assignment.split("=", 2);
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of(parts[0], parts[1])));
    assertTrue(failure.getMessage().startsWith(parts[0] + ": "), failure.getMessage());
  }
}
