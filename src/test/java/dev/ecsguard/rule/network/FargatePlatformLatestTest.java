package dev.ecsguard.rule.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.Configurable.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy parameters of fargate-platform-latest: versions as text, rejected by key when unusable. */
class FargatePlatformLatestTest {

  @Test
  void defaultsAreTheSecurityHubValues() throws Exception {
    assertEquals(Json.MAPPER.readTree("{\"latestLinuxVersion\": \"1.4.0\", \"latestWindowsVersion\": \"1.0.0\"}"),
        new FargatePlatformLatest().parameters());
  }

  @Test
  void oneVersionCanBeGivenAlone() throws Exception {
    Configurable configured = (Configurable) new FargatePlatformLatest()
        .configure(Json.MAPPER.readTree("{\"latestLinuxVersion\": \" 1.5.0 \"}"));
    assertEquals(Json.MAPPER.readTree("{\"latestLinuxVersion\": \"1.5.0\", \"latestWindowsVersion\": \"1.0.0\"}"),
        configured.parameters());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"latestLinuxVersion\": \"1.4\"}",
      "{\"latestLinuxVersion\": \"LATEST\"}",
      "{\"latestWindowsVersion\": 1}",
      "{\"latestWindowsVersion\": null}"})
  void versionsMustBeMajorMinorPatchText(String parameters) throws Exception {
    String message = assertThrows(InvalidParameterException.class,
        () -> new FargatePlatformLatest().configure(Json.MAPPER.readTree(parameters))).getMessage();
    assertTrue(message.startsWith("latest"), message);
  }
}
