package dev.ecsguard.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.facts.Facts;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.testing.CannedFacts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deploy-race re-check on canned facts: what it drops, what it keeps, what it says, how its delay is read. */
class DeployRaceRecheckTest {

  private static final Catalog CATALOG = Catalog.standard();
  private static final Finding ROOT = new Finding("run-as-non-root", "Title", Severity.HIGH, Profile.RESTRICTED,
      RuleKind.STATIC, "app", "/containerDefinitions/0/user", "runs as root", null);

  private final List<Duration> slept = new ArrayList<>();

  private static Subject subject() throws IOException {
    String json = """
        {"family": "web", "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4",
         "revision": 4, "containerDefinitions": [{"name": "app", "image": "nginx:1", "logConfiguration":
           {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "app"}}}]}""";
    return new Subject(TaskDefinitions.fromJson(Json.MAPPER.readTree(json)), Optional.empty(), "us-east-1",
        "123456789012");
  }

  private static Facts facts(String json) throws IOException {
    return new CannedFacts(Json.MAPPER.readTree(json));
  }

  private static final String MISSING = "{\"logGroups\": {\"us-east-1:/ecs/web\": false}}";
  private static final String EXISTS = "{\"logGroups\": {\"us-east-1:/ecs/web\": true}}";

  /** The rule's finding on the evaluation's facts (the group missing). */
  private static Finding missingGroup() throws IOException {
    Catalog.Entry rule = CATALOG.byId("awslogs-group-exists").orElseThrow();
    return Finding.of(rule, rule.rule().check(new EvaluationContext(subject(), facts(MISSING))).get(0));
  }

  private DeployRaceRecheck recheck(String factsNow) {
    return new DeployRaceRecheck(Duration.ofSeconds(60), () -> {
      try {
        return facts(factsNow);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, slept::add);
  }

  @Test
  void aGroupCreatedDuringTheDelayIsDroppedAndTheOtherFindingsStillAct() throws IOException {
    Decision decided = new Decision(true, false, false, "2 finding(s) at or above HIGH", List.of(missingGroup(), ROOT));

    Decision confirmed = recheck(EXISTS).confirm(decided, subject(), CATALOG);

    assertEquals(List.of(Duration.ofSeconds(60)), slept);
    assertTrue(confirmed.deregister());
    assertEquals(List.of(ROOT), confirmed.triggering());
    assertTrue(confirmed.reason().endsWith("awslogs-group-exists re-checked after 60s: now exists"), confirmed.reason());
  }

  @Test
  void aGroupThatNowExistsAloneMeansNothingIsEnforced() throws IOException {
    Decision decided = new Decision(true, false, false, "1 finding(s) at or above HIGH", List.of(missingGroup()));

    Decision confirmed = recheck(EXISTS).confirm(decided, subject(), CATALOG);

    assertFalse(confirmed.acts());
    assertTrue(confirmed.reason().contains("re-checked after 60s: now exists: nothing is enforced"), confirmed.reason());
  }

  @Test
  void aGroupStillMissingActs() throws IOException {
    Decision decided = new Decision(true, false, false, "1 finding(s) at or above HIGH", List.of(missingGroup()));

    Decision confirmed = recheck(MISSING).confirm(decided, subject(), CATALOG);

    assertTrue(confirmed.deregister());
    assertEquals(decided.triggering(), confirmed.triggering());
    assertTrue(confirmed.reason().endsWith("re-checked after 60s: still missing"), confirmed.reason());
  }

  @Test
  void aReCheckThatCannotAnswerDoesNotAct() throws IOException {
    Decision decided = new Decision(true, false, false, "1 finding(s) at or above HIGH", List.of(missingGroup()));

    Decision confirmed = recheck("{\"unknown\": {\"logGroups\": \"THROTTLED\"}}").confirm(decided, subject(), CATALOG);

    assertFalse(confirmed.acts());
    assertTrue(confirmed.reason().contains("could not be verified, not enforced"), confirmed.reason());
  }

  @Test
  void withoutADeployRaceFindingNothingWaits() throws IOException {
    Decision decided = new Decision(true, false, false, "1 finding(s) at or above HIGH", List.of(ROOT));

    assertEquals(decided, recheck(EXISTS).confirm(decided, subject(), CATALOG));
    assertEquals(decided.reason(), recheck(EXISTS).confirm(decided, subject(), CATALOG).reason());
    assertEquals(List.of(), slept);
  }

  @Test
  void theDelayIsWholeSecondsFromZeroToTenMinutes() {
    assertEquals(Duration.ofSeconds(60), DeployRaceRecheck.delayFromEnvironment(Map.of()));
    assertEquals(Duration.ZERO, DeployRaceRecheck.delayFromEnvironment(Map.of(DeployRaceRecheck.DELAY, "0")));
    assertEquals(Duration.ofSeconds(600), DeployRaceRecheck.delayFromEnvironment(Map.of(DeployRaceRecheck.DELAY, " 600 ")));
    for (String bad : List.of("601", "-1", "1m", "ten")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DeployRaceRecheck.delayFromEnvironment(Map.of(DeployRaceRecheck.DELAY, bad)));
      assertEquals("ECS_GUARD_RECHECK_DELAY_SECONDS: '" + bad + "' is not a whole number of seconds from 0 to 600",
          e.getMessage());
    }
  }
}
