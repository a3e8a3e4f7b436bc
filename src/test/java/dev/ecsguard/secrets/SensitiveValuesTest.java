package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import org.junit.jupiter.api.Test;

/** The scrubber masks every sensitive value of a subject wherever it occurs in a text, longest first. */
class SensitiveValuesTest {

  private static final String LONG = "abcdefghijklmnopqrstuvwxyz0123456789"; // unflagged, but long: masked
  private static final String INSIDE = "klmnopqrstuvwxyz0123456789"; // 26 characters, inside LONG

  private static SensitiveValues of(String... commandValues) {
    ObjectNode definition = Json.MAPPER.createObjectNode().put("family", "f");
    ObjectNode container = definition.putArray("containerDefinitions").addObject().put("name", "app")
        .put("image", "nginx");
    ArrayNode command = container.putArray("command");
    for (String value : commandValues) {
      command.add(value);
    }
    container.putArray("environment").addObject().put("name", "DB_PASSWORD").put("value", "hunter2hunter2");
    return SensitiveValues.of(Subject.of(TaskDefinitions.fromJson(definition), "us-east-1"));
  }

  @Test
  void masksEachValueWhereverItOccurs() {
    SensitiveValues values = of(LONG);
    assertEquals("in **** and **** and ****.", values.scrub("in " + LONG + " and hunter2hunter2 and " + LONG + "."));
  }

  @Test
  void aValueInsideALongerOneLeavesNoPartOfIt() {
    SensitiveValues values = of(INSIDE, LONG);
    assertEquals("x **** y ****", values.scrub("x " + LONG + " y " + INSIDE));
  }

  /** The fields issue 14 added to the secret rules are masked too, short credential-named values included. */
  @Test
  void masksHealthChecksVolumeOptionsAndRegistryCredentials() throws Exception {
    SensitiveValues values = SensitiveValues.of(Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree("""
        {"family": "f", "containerDefinitions": [{"name": "app", "image": "example/app",
          "healthCheck": {"command": ["CMD-SHELL", "curl -u monitor:CANARY9f2c http://localhost/health"]},
          "repositoryCredentials": {"credentialsParameter": "ci:CANARY9f2cRegistryPassword0123"}}],
         "volumes": [{"name": "share", "dockerVolumeConfiguration": {"driverOpts": {"password": "CANARYsmb",
           "o": "username=svc,password=CANARY9f2cShare"}, "labels": {"sync-token": "CANARYlbl"}}}]}""")),
        "us-east-1"));
    String text = String.join(" | ", "curl -u monitor:CANARY9f2c http://localhost/health",
        "ci:CANARY9f2cRegistryPassword0123", "CANARYsmb", "username=svc,password=CANARY9f2cShare", "CANARYlbl");
    assertEquals("**** | **** | **** | **** | ****", values.scrub(text));
  }

  @Test
  void aTextWithoutValuesIsReturnedAsItIs() {
    String text = "container app has no log configuration";
    assertSame(text, of(LONG).scrub(text));
    assertEquals("abc", of(LONG).scrub("abc"));
  }
}
