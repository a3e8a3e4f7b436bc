package dev.ecsguard.rule.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.Configurable.InvalidParameterException;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.testing.CannedFacts;
import org.junit.jupiter.api.Test;

class TaskRoleNotSharedTest {

  @Test
  void theThresholdIsAWholeNonNegativeNumber() throws Exception {
    TaskRoleNotShared rule = new TaskRoleNotShared();
    for (String bad : new String[] {"{\"maxOtherFamilies\": -1}", "{\"maxOtherFamilies\": \"2\"}",
        "{\"maxOtherFamilies\": 1.5}"}) {
      String message = assertThrows(InvalidParameterException.class,
          () -> rule.configure(Json.MAPPER.readTree(bad))).getMessage();
      assertTrue(message.startsWith("maxOtherFamilies:"), message);
    }
  }

  @Test
  void withoutARegionNothingIsAsked() throws Exception {
    CannedFacts facts = new CannedFacts(Json.MAPPER.readTree("{}"));
    Subject subject = Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree("""
        {"family": "api", "taskRoleArn": "arn:aws:iam::111122223333:role/api-task",
         "containerDefinitions": [{"name": "a", "image": "nginx"}]}""")), null);

    assertEquals(0, new TaskRoleNotShared().check(new EvaluationContext(subject, facts)).size());
    assertEquals(0, facts.usage().calls());
  }
}
