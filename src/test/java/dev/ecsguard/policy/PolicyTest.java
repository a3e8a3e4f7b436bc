package dev.ecsguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyTest {

  private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4";
  private static final Finding HIGH = finding("disallow-host-pid", Severity.HIGH);
  private static final Finding LOW = finding("disallow-host-pid", Severity.LOW);
  private static final Finding RUN_CRITICAL = finding("no-secrets-in-run-overrides", Severity.CRITICAL);
  /** A restricted rule's finding, at a severity that would act if its profile were enforced. */
  private static final Finding RESTRICTED_CRITICAL = finding("run-as-non-root", Severity.CRITICAL);

  /** A finding of a catalog rule, as the engine makes it: with the rule's own kind and profile. */
  private static Finding finding(String rule, Severity severity) {
    Catalog.Entry entry = Catalog.standard().byId(rule).orElseThrow();
    return Finding.of(new Catalog.Entry(entry.rule(), entry.description(), severity, entry.enforce()),
        Violation.inContainer("app", "/containerDefinitions/0/user", "seen"));
  }

  private static TaskDefinition definition(String arn) {
    String json = "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"nginx:1\"}]"
        + (arn == null ? "" : ",\"taskDefinitionArn\":\"" + arn + "\",\"revision\":4") + "}";
    try {
      return TaskDefinitions.fromJson(Json.MAPPER.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Subject subject(String arn, String region, String account) {
    return new Subject(definition(arn), Optional.empty(), region, account);
  }

  private static final Policy ENFORCE = new Policy(ActivePolicy.parse(new Settings(Mode.ENFORCE, Severity.HIGH, null)));

  @Test
  void enforceModeDeregistersWhenAFindingReachesTheThreshold() {
    Decision decision = ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"),
        new Evaluation(List.of(HIGH, LOW), List.of()));

    assertTrue(decision.deregister());
    assertEquals(List.of(HIGH), decision.triggering());
  }

  @Test
  void infoNotesNeverDeregisterEvenWithAnInfoThreshold() {
    Policy infoThreshold = new Policy(ActivePolicy.parse(new Settings(Mode.ENFORCE, Severity.INFO, null)));
    Finding note = finding("task-role-not-admin", Severity.INFO);

    assertFalse(infoThreshold.decide(subject(ARN, "us-east-1", "123456789012"), new Evaluation(List.of(note), List.of()))
        .deregister());
  }

  @Test
  void auditModeNeverDeregisters() {
    Policy audit = new Policy(ActivePolicy.parse(new Settings(Mode.AUDIT, Severity.HIGH, null)));

    assertFalse(audit.decide(subject(ARN, "us-east-1", "123456789012"), new Evaluation(List.of(HIGH), List.of()))
        .deregister());
  }

  @Test
  void findingsBelowTheThresholdDoNotDeregister() {
    assertFalse(ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"), new Evaluation(List.of(LOW), List.of()))
        .deregister());
  }

  /** Certain findings decide: what could not be verified is reported beside the action and never cancels it. */
  @Test
  void certainFindingsEnforceWhateverElseIsUnknown() {
    Decision decision = ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"),
        new Evaluation(List.of(HIGH), List.of("rule x failed with IllegalStateException")));

    assertTrue(decision.deregister());
    assertTrue(decision.reason().contains("certain finding") && decision.reason().contains("rule x failed"),
        decision.reason());
  }

  @Test
  void anIncompleteEvaluationWithoutACertainFindingAtTheThresholdActsOnNothing() {
    assertFalse(ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"),
        new Evaluation(List.of(LOW), List.of("could not verify log group /x (throttled)"))).acts());
  }

  @Test
  void findingsAboutTheRunNeverDeregisterTheRevision() {
    assertFalse(ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"),
        new Evaluation(List.of(RUN_CRITICAL), List.of())).deregister());
  }

  @Test
  void aDefinitionWithoutItsRevisionArnIsNotEnforced() {
    assertFalse(ENFORCE.decide(subject(null, "us-east-1", "123456789012"), new Evaluation(List.of(HIGH), List.of()))
        .deregister());
  }

  @Test
  void aRevisionOfAnotherAccountOrRegionIsNotTouched() {
    Evaluation evaluation = new Evaluation(List.of(HIGH), List.of());
    assertFalse(ENFORCE.decide(subject(ARN, "eu-west-1", "123456789012"), evaluation).deregister());
    assertFalse(ENFORCE.decide(subject(ARN, "us-east-1", "210987654321"), evaluation).deregister());
  }

  @Test
  void anEventThatNamesNoAccountOrRegionIsNotEnforcedOn() {
    Evaluation evaluation = new Evaluation(List.of(HIGH), List.of());
    assertFalse(ENFORCE.decide(subject(ARN, null, "123456789012"), evaluation).acts());
    assertFalse(ENFORCE.decide(subject(ARN, "us-east-1", null), evaluation).acts());
  }

  private static Subject run(List<String> started) {
    return subject(ARN, "us-east-1", "123456789012").withRun(new dev.ecsguard.model.RunRequest("web:4", "prod",
        "FARGATE", null, List.of(), List.of(), null, dev.ecsguard.model.RunRequest.Overrides.NONE, started));
  }

  @Test
  void dryRunDecidesAsEnforceAndSaysSo() {
    Policy dryRun = new Policy(ActivePolicy.parse(new Settings(Mode.DRY_RUN, Severity.HIGH, null)));
    Decision decision = dryRun.decide(subject(ARN, "us-east-1", "123456789012"), new Evaluation(List.of(HIGH), List.of()));
    assertTrue(decision.deregister() && decision.dryRun());
    assertFalse(ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"), new Evaluation(List.of(HIGH), List.of()))
        .dryRun());
  }

  @Test
  void findingsAboutTheRunWarrantStoppingTheStartedTasksNeverDeregistering() {
    Decision decision = ENFORCE.decide(run(List.of("arn:aws:ecs:us-east-1:123456789012:task/prod/abc")),
        new Evaluation(List.of(RUN_CRITICAL), List.of()));
    assertTrue(decision.stopTasks());
    assertFalse(decision.deregister());
    assertEquals(List.of("no-secrets-in-run-overrides"), decision.ruleIds());

    Decision both = ENFORCE.decide(run(List.of("t")), new Evaluation(List.of(HIGH, RUN_CRITICAL), List.of()));
    assertTrue(both.stopTasks() && both.deregister());
    assertEquals(List.of("disallow-host-pid", "no-secrets-in-run-overrides"), both.ruleIds());
  }

  @Test
  void noStopWithoutStartedTasksOrInAuditButUnknownsDoNotCancelACertainFinding() {
    assertFalse(ENFORCE.decide(run(List.of()), new Evaluation(List.of(RUN_CRITICAL), List.of())).acts());
    assertTrue(ENFORCE.decide(run(List.of("t")), new Evaluation(List.of(RUN_CRITICAL), List.of("a lookup failed")))
        .stopTasks());
    Policy audit = new Policy(ActivePolicy.parse(new Settings(Mode.AUDIT, Severity.HIGH, null)));
    assertFalse(audit.decide(run(List.of("t")), new Evaluation(List.of(RUN_CRITICAL), List.of())).acts());
  }

  /** Baseline is enforced by default: a restricted finding is reported, and never acts, whatever its severity. */
  @Test
  void aRestrictedFindingNeverActsUnderBaselineButDoesUnderRestricted() {
    Evaluation evaluation = new Evaluation(List.of(RESTRICTED_CRITICAL), List.of());
    Decision baseline = ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"), evaluation);
    assertFalse(baseline.acts());
    assertEquals("no finding about the task definition itself reaches HIGH in the baseline profile (1 finding(s) of "
        + "the restricted profile are reported, not enforced)", baseline.reason());

    Policy restricted = new Policy(ActivePolicy.parse(Settings.fromEnvironment(
        Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_PROFILE", "restricted"))));
    Decision decision = restricted.decide(subject(ARN, "us-east-1", "123456789012"), evaluation);
    assertTrue(decision.deregister());
    assertEquals(List.of(RESTRICTED_CRITICAL), decision.triggering());
    assertEquals("1 certain finding(s) at or above HIGH in the restricted profile", decision.reason());
  }

  /** Under baseline only the baseline finding acts; the restricted one beside it is not among the triggering. */
  @Test
  void onlyTheFindingsOfTheEnforcedProfileTrigger() {
    Decision decision = ENFORCE.decide(subject(ARN, "us-east-1", "123456789012"),
        new Evaluation(List.of(RESTRICTED_CRITICAL, HIGH), List.of()));
    assertTrue(decision.deregister());
    assertEquals(List.of(HIGH), decision.triggering());
  }

  @Test
  void settingsComeFromTheEnvironmentWithDefaults() {
    assertEquals(new Settings(null, null, null), Settings.fromEnvironment(Map.of()));
    Settings settings = Settings.fromEnvironment(Map.of("ECS_GUARD_MODE", " Enforce ",
        "ECS_GUARD_ENFORCE_SEVERITY", "critical", "ECS_GUARD_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t"));
    assertEquals(new Settings(Mode.ENFORCE, Severity.CRITICAL, "arn:aws:sns:us-east-1:123456789012:t"), settings);
    assertEquals(Profile.RESTRICTED, Settings.fromEnvironment(Map.of("ECS_GUARD_PROFILE", " Restricted ")).profile());
  }

  @Test
  void aBadSettingNamesTheVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("ECS_GUARD_MODE", "block")));
    assertTrue(e.getMessage().contains("ECS_GUARD_MODE") && e.getMessage().contains("audit, dry-run or enforce"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("ECS_GUARD_ENFORCE_SEVERITY", "SEVERE")));
    IllegalArgumentException profile = assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("ECS_GUARD_PROFILE", "strict")));
    assertEquals("ECS_GUARD_PROFILE: unknown profile 'strict': expected baseline or restricted", profile.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("ECS_GUARD_TOPIC_ARN", "my-topic")));
  }
}
