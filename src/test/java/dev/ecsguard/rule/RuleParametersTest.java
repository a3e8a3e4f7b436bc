package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Configurable.InvalidParameterException;
import dev.ecsguard.rule.image.ImageRegistryAllowed;
import dev.ecsguard.rule.operations.RequiredTags;
import dev.ecsguard.rule.resources.MinimumResources;
import org.junit.jupiter.api.Test;

/** Parameters a policy cannot mean: each is rejected when the policy loads, naming the key. */
class RuleParametersTest {

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  private static String rejection(Configurable rule, String parameters) throws Exception {
    JsonNode given = json(parameters);
    return assertThrows(InvalidParameterException.class, () -> rule.configure(given)).getMessage();
  }

  @Test
  void registryPatternsMustBeUsable() throws Exception {
    ImageRegistryAllowed rule = new ImageRegistryAllowed();
    assertTrue(rejection(rule, "{\"allowedRegistries\": []}").startsWith("allowedRegistries: an empty list"));
    assertTrue(rejection(rule, "{\"allowedRegistries\": [\"ghcr.io/\"]}").contains("invalid repository path"));
    assertTrue(rejection(rule, "{\"allowedRegistries\": [\"https://ghcr.io\"]}").contains("without a scheme"));
    assertTrue(rejection(rule, "{\"allowedRegistries\": [\"ghcr io\"]}").contains("not a registry host"));
    assertTrue(rejection(rule, "{\"allowedRegistries\": \"ghcr.io\"}").contains("list of strings"));
    assertTrue(rejection(rule, "{\"allowedRegistry\": [\"ghcr.io\"]}").startsWith("allowedRegistry: unknown"));
  }

  @Test
  void absentParametersKeepTheDefaults() throws Exception {
    ImageRegistryAllowed rule = new ImageRegistryAllowed();
    assertEquals(rule.parameters(), ((Configurable) rule.configure(json("{}"))).parameters());
    assertEquals(rule.parameters(), ((Configurable) rule.configure(null)).parameters());
    MinimumResources floors = new MinimumResources();
    assertEquals(json("{\"runtimeFloorMiB\": 768, \"defaultFloorMiB\": 128, \"cpuFloorUnits\": 0}"),
        ((Configurable) floors.configure(json("{\"runtimeFloorMiB\": 768}"))).parameters());
  }

  @Test
  void floorsAreWholeNonNegativeNumbers() throws Exception {
    MinimumResources rule = new MinimumResources();
    assertTrue(rejection(rule, "{\"runtimeFloorMiB\": -1}").startsWith("runtimeFloorMiB:"));
    assertTrue(rejection(rule, "{\"defaultFloorMiB\": 12.5}").startsWith("defaultFloorMiB:"));
    assertTrue(rejection(rule, "{\"cpuFloorUnits\": \"256\"}").startsWith("cpuFloorUnits:"));
  }

  @Test
  void requiredTagKeysCannotBeAwsSystemTags() throws Exception {
    RequiredTags rule = new RequiredTags();
    assertTrue(rejection(rule, "{\"keys\": [\"team\", \"aws:cloudformation:stack-name\"]}").contains("aws:"));
    assertTrue(rejection(rule, "{\"keys\": [\"team\", \" \"]}").startsWith("keys:"));
    assertEquals(json("{\"keys\": [\"team\", \"owner\"]}"),
        ((Configurable) rule.configure(json("{\"keys\": [\"team\", \"owner\", \"team\"]}"))).parameters());
  }
}
