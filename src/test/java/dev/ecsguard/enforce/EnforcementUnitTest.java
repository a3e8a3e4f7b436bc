package dev.ecsguard.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.Decision;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnforcementUnitTest {

  private static Subject subject(List<String> tasks) throws Exception {
    var definition = TaskDefinitions.fromJson(Json.MAPPER.readTree("{\"family\":\"web\",\"revision\":4,"
        + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/web:4\","
        + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"nginx:1\"}]}"));
    Subject subject = new Subject(definition, Optional.empty(), "us-east-1", "123456789012");
    return tasks == null ? subject : subject.withRun(new RunRequest("web:4", "prod", "FARGATE", null, List.of(),
        List.of(), null, RunRequest.Overrides.NONE, tasks));
  }

  private static Finding finding(String rule, RuleKind kind) {
    return new Finding(rule, "Title", Severity.CRITICAL, Profile.BASELINE, kind, "app", "/x", "seen", null);
  }

  @Test
  void modesParse() {
    assertEquals(Mode.DRY_RUN, Mode.parse("dry-run"));
    assertEquals(Mode.DRY_RUN, Mode.parse(" DRY_RUN "));
    assertEquals("dry-run", Mode.DRY_RUN.toString());
    assertEquals(Mode.ENFORCE, Mode.parse("enforce"));
    assertThrows(IllegalArgumentException.class, () -> Mode.parse("block"));
  }

  @Test
  void valveLimitsParse() {
    assertEquals(new ValveLimit(5, Duration.ofHours(1)), ValveLimit.parse("5/1h"));
    assertEquals(new ValveLimit(3, Duration.ofMinutes(30)), ValveLimit.parse(" 3 / 30m "));
    assertEquals("2/1d", ValveLimit.parse("2/24h").toString());
    assertTrue(ValveLimit.parse("off").off());
    for (String bad : List.of("", "5", "0/1h", "5/0h", "5/1w", "five/1h")) {
      assertThrows(IllegalArgumentException.class, () -> ValveLimit.parse(bad), bad);
    }
    assertEquals(EnforcementSettings.DEFAULT, EnforcementSettings.fromEnvironment(Map.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnforcementSettings.fromEnvironment(Map.of("ECS_GUARD_RUN_TASK_ACTION", "kill")));
    assertTrue(e.getMessage().startsWith("ECS_GUARD_RUN_TASK_ACTION"), e.getMessage());
    assertEquals(RunTaskAction.STOP,
        EnforcementSettings.fromEnvironment(Map.of("ECS_GUARD_RUN_TASK_ACTION", "Stop")).runTaskAction());
  }

  @Test
  void dryRunSaysWhatWouldBeDoneAndOfflineToo() throws Exception {
    Decision both = new Decision(true, true, true, "2 finding(s) at or above HIGH",
        List.of(finding("disallow-privileged", RuleKind.STATIC)));
    Outcome dry = Outcomes.wouldDo(both, subject(List.of("arn:aws:ecs:us-east-1:123456789012:task/prod/abc")),
        RunTaskAction.STOP, "dry-run mode, nothing was changed");
    assertEquals(Action.WOULD_DEREGISTER, dry.action());
    assertTrue(dry.detail().startsWith("would deregister web:4 and stop 1 task"), dry.detail());

    Decision runOnly = new Decision(false, true, true, "1 finding", List.of(finding("no-secrets-in-run-overrides",
        RuleKind.RUN)));
    assertEquals(Action.WOULD_STOP, Outcomes.wouldDo(runOnly, subject(List.of("t")), RunTaskAction.STOP, "x").action());
    assertEquals(Action.NONE, Outcomes.wouldDo(runOnly, subject(List.of("t")), RunTaskAction.NONE, "x").action());
    assertEquals(Action.WOULD_DEREGISTER, new OfflineEnforcer().apply(Decision.deregister("r", List.of()), subject(null), "event-1")
        .action());
  }

  @Test
  void theStopReasonNamesTheRulesWithinStopTasksLimit() {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(finding("some-rather-long-rule-id-" + i, RuleKind.STATIC));
    }
    many.add(finding("some-rather-long-rule-id-0", RuleKind.STATIC));
    String reason = Outcomes.stopReason(new Decision(true, true, false, "r", many));
    assertTrue(reason.startsWith("ecs-guard: some-rather-long-rule-id-0, some-rather-long-rule-id-1,"), reason);
    assertEquals(Outcomes.STOP_REASON_LIMIT, reason.length());
    assertEquals("ecs-guard: a, b", Outcomes.stopReason(new Decision(true, true, false, "r",
        List.of(finding("a", RuleKind.STATIC), finding("b", RuleKind.RUN), finding("a", RuleKind.STATIC)))));
  }
}
