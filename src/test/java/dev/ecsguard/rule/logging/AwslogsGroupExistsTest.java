package dev.ecsguard.rule.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.testing.CannedFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the rule cases cannot show: a transient unknown leaves the evaluation with a gap, which a case refuses. */
class AwslogsGroupExistsTest {

  private static final String DEFINITION = """
      {"family": "api", "containerDefinitions": [
        {"name": "a", "image": "nginx", "logConfiguration": {"logDriver": "awslogs",
          "options": {"awslogs-group": "/ecs/a", "awslogs-region": "us-east-1"}}},
        {"name": "b", "image": "nginx", "logConfiguration": {"logDriver": "awslogs",
          "options": {"awslogs-group": "/ecs/b", "awslogs-region": "us-east-1"}}},
        {"name": "c", "image": "nginx", "logConfiguration": {"logDriver": "awslogs",
          "options": {"awslogs-group": "/ecs/c", "awslogs-region": "us-east-1"}}}]}""";

  @Test
  void afterAThrottledLookupNoMoreGroupsAreAskedAndOneInfoIsSaid() throws Exception {
    CannedFacts facts = new CannedFacts(Json.MAPPER.readTree("{\"unknown\": {\"logGroups\": \"THROTTLED\"}}"));
    Subject subject = Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree(DEFINITION)), "us-east-1");

    List<Violation> violations = new AwslogsGroupExists().check(new EvaluationContext(subject, facts));

    assertEquals(1, violations.size());
    assertTrue(violations.get(0).note(), "a \"could not verify\" note");
    assertEquals("a", violations.get(0).container());
    assertTrue(violations.get(0).message().contains("(throttled)"), violations.get(0).message());
    assertEquals(1, facts.usage().calls(), "one question, not three");
    assertEquals(1, facts.transientFailures().size());
  }

  @Test
  void createGroupIsReadAsDockerReadsABoolean() {
    for (String yes : List.of("true", "TRUE", "True", " true ", "1", "t", "T")) {
      assertTrue(AwslogsGroupExists.createsGroup(yes), yes);
    }
    for (String no : List.of("false", "0", "yes", "", "truthy")) {
      assertFalse(AwslogsGroupExists.createsGroup(no), no);
    }
    assertFalse(AwslogsGroupExists.createsGroup(null));
  }
}
