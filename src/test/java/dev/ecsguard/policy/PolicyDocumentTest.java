package dev.ecsguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy document: its sources and their order, what each key does, exemptions, and refusals. */
class PolicyDocumentTest {

  private static final Catalog CATALOG = Catalog.standard();
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  static final String ADMIN = "arn:aws:sts::123456789012:assumed-role/platform-admin/alice";
  static final String TAGS_FROM_ADMIN =
      "tagExemptions: {enabled: true, allowedPrincipals: ['arn:aws:sts::123456789012:assumed-role/platform-admin/*']}";

  /** A definition whose container runs as root (HIGH) and is privileged (CRITICAL), with optional tags. */
  private static Subject rootAndPrivileged(String family, String tagsJson) throws IOException {
    String json = "{\"taskDefinition\":{\"family\":\"" + family + "\",\"revision\":3,"
        + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":3\","
        + "\"requiresCompatibilities\":[\"EC2\"],\"networkMode\":\"awsvpc\",\"executionRoleArn\":\"arn:aws:iam::123456789012:role/x\","
        + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1@sha256:"
        + "a".repeat(64) + "\",\"memory\":512,\"user\":\"0\",\"privileged\":true,\"readonlyRootFilesystem\":true,"
        + "\"healthCheck\":{\"command\":[\"CMD\",\"true\"]},"
        + "\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"g\",\"awslogs-region\":\"us-east-1\","
        + "\"awslogs-stream-prefix\":\"p\",\"mode\":\"non-blocking\"}}}]},\"tags\":" + tagsJson + "}";
    return Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree(json)), "us-east-1");
  }

  private static ActivePolicy policy(String yaml) {
    return ActivePolicy.parse(PolicyLoader.merge(PolicyLoader.defaults(), PolicyLoader.parse(yaml, "test")), CATALOG);
  }

  private static List<String> ruleIds(Evaluation evaluation) {
    return evaluation.reported().stream().map(Finding::ruleId).distinct().sorted().toList();
  }

  @Test
  void theDefaultsAuditEverythingAndEnforceFromHigh() {
    ActivePolicy defaults = ActivePolicy.parse(PolicyLoader.defaults(), CATALOG);

    assertEquals(Mode.AUDIT, defaults.mode());
    assertEquals(Severity.HIGH, defaults.document().enforceThreshold());
    assertEquals(Severity.INFO, defaults.document().notifyThreshold());
    assertEquals(Profile.BASELINE, defaults.document().profile());
    assertEquals(CATALOG.entries().size(), defaults.catalog().entries().size());
  }

  /** Every rule runs and reports under either profile; the profile decides only which findings may act. */
  @Test
  void theProfileDecidesWhichFindingsActNotWhichAreReported() throws IOException {
    Subject subject = rootAndPrivileged("web", "[]");
    ActivePolicy baseline = policy("mode: enforce");
    ActivePolicy restricted = policy("mode: enforce\nprofile: restricted");

    Evaluation underBaseline = baseline.evaluate(subject, TODAY);
    assertEquals(ruleIds(restricted.evaluate(subject, TODAY)), ruleIds(underBaseline));
    assertTrue(ruleIds(underBaseline).contains("run-as-non-root"), "a restricted finding is still reported");
    assertEquals(List.of("disallow-privileged"), new Policy(baseline).decide(subject, underBaseline).ruleIds());
    assertEquals(List.of("disallow-privileged", "run-as-non-root"),
        new Policy(restricted).decide(subject, restricted.evaluate(subject, TODAY)).ruleIds());
  }

  @Test
  void aBadProfileIsRefusedWithTheKeyAndTheValuesAllowed() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> policy("profile: strict"));

    assertEquals("policy key 'profile': unknown profile 'strict': expected baseline or restricted", e.getMessage());
    assertEquals(Profile.RESTRICTED, policy("profile: RESTRICTED").document().profile());
  }

  @Test
  void aDisabledRuleDoesNotRun() throws IOException {
    Evaluation evaluation = policy("rules: {disallow-privileged: {enabled: false}}")
        .evaluate(rootAndPrivileged("web", "[]"), TODAY);

    assertFalse(ruleIds(evaluation).contains("disallow-privileged"));
    assertTrue(ruleIds(evaluation).contains("run-as-non-root"));
  }

  @Test
  void aSeverityOverrideAppliesToEveryFindingOfTheRule() throws IOException {
    Evaluation evaluation = policy("rules: {run-as-non-root: {severity: LOW}}")
        .evaluate(rootAndPrivileged("web", "[]"), TODAY);

    assertTrue(evaluation.reported().stream().filter(f -> f.ruleId().equals("run-as-non-root"))
        .allMatch(f -> f.severity() == Severity.LOW));
  }

  @Test
  void theNotifyThresholdLeavesLowerFindingsOut() throws IOException {
    Evaluation evaluation = policy("notify: {minimumSeverity: CRITICAL}").evaluate(rootAndPrivileged("web", "[]"), TODAY);

    assertEquals(List.of("disallow-privileged"), ruleIds(evaluation));
  }

  @Test
  void aRuleSetToReportOnlyNeverEnforces() throws IOException {
    ActivePolicy policy = policy("mode: enforce\nrules: {disallow-privileged: {enforce: false}, run-as-non-root: {enforce: false}}");
    Subject subject = rootAndPrivileged("web", "[]");

    Decision decision = new Policy(policy).decide(subject, policy.evaluate(subject, TODAY));

    assertFalse(decision.deregister(), decision.reason());
  }

  @Test
  void aPolicyExemptionCoversMatchingFamiliesUntilItExpires() throws IOException {
    String yaml = "exemptions:\n"
        + "  - families: ['legacy-*']\n    rules: [run-as-non-root]\n    reason: JIRA-1 rewrite in Q1\n    expires: 2026-12-31\n";
    ActivePolicy policy = policy(yaml);

    Evaluation legacy = policy.evaluate(rootAndPrivileged("legacy-worker", "[]"), TODAY);
    Evaluation other = policy.evaluate(rootAndPrivileged("web", "[]"), TODAY);
    Evaluation later = policy.evaluate(rootAndPrivileged("legacy-worker", "[]"), LocalDate.of(2027, 1, 1));

    assertFalse(ruleIds(legacy).contains("run-as-non-root"), "exempted findings do not count");
    assertTrue(legacy.findings().stream().anyMatch(f -> f.ruleId().equals("run-as-non-root")
        && f.exemption().contains("JIRA-1") && f.exemption().contains("2026-12-31")), "but they are shown as exempted");
    assertTrue(ruleIds(other).contains("run-as-non-root"), "another family is not covered");
    assertTrue(ruleIds(later).contains("run-as-non-root"), "an expired exemption stops applying");
    assertTrue(ruleIds(later).contains("exemption-valid"), "and is reported");
  }

  @Test
  void aTagExemptionCoversItsRuleAndABrokenOneIsReported() throws IOException {
    String tags = "[{\"key\":\"ecs-guard:exempt:run-as-non-root\",\"value\":\"2026-12-31 JIRA-2 needs root\"},"
        + "{\"key\":\"ecs-guard:exempt:disallow-privileged\",\"value\":\"soon\"}]";
    Evaluation evaluation = policy(TAGS_FROM_ADMIN).evaluate(rootAndPrivileged("web", tags).withPrincipal(ADMIN), TODAY);

    assertFalse(ruleIds(evaluation).contains("run-as-non-root"));
    assertTrue(ruleIds(evaluation).contains("disallow-privileged"), "a broken exemption hides nothing");
    assertTrue(ruleIds(evaluation).contains("exemption-valid"), "and is itself a finding");
  }

  @Test
  void exemptedFindingsNeverTriggerEnforcement() throws IOException {
    String tags = "[{\"key\":\"ecs-guard:exempt:run-as-non-root\",\"value\":\"2026-12-31 JIRA-2\"},"
        + "{\"key\":\"ecs-guard:exempt:disallow-privileged\",\"value\":\"2026-12-31 JIRA-3\"}]";
    ActivePolicy policy = policy("mode: enforce\n" + TAGS_FROM_ADMIN);
    Subject subject = rootAndPrivileged("web", tags).withPrincipal(ADMIN);

    Evaluation evaluation = policy.evaluate(subject, TODAY);

    assertEquals(List.of(), evaluation.reported().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).toList());
    assertFalse(new Policy(policy).decide(subject, evaluation).deregister());
  }

  @Test
  void ruleParametersConfigureTheRule() throws IOException {
    ActivePolicy policy = policy("rules: {required-tags: {parameters: {keys: [team, cost-center]}}}");

    Evaluation evaluation = policy.evaluate(rootAndPrivileged("web", "[{\"key\":\"team\",\"value\":\"a\"}]"), TODAY);

    assertTrue(ruleIds(evaluation).contains("required-tags"), ruleIds(evaluation).toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rules: {no-such-rule: {enabled: false}}                | rules.no-such-rule",
      "rules: {run-as-non-root: {severity: SEVERE}}            | rules.run-as-non-root.severity",
      "rules: {run-as-non-root: {enabled: 'no'}}               | rules.run-as-non-root.enabled",
      "rules: {run-as-non-root: {parameters: {x: 1}}}          | rules.run-as-non-root.parameters",
      "rules: {run-as-non-root: {colour: red}}                 | rules.run-as-non-root.colour",
      "mode: block                                             | mode",
      "profile: strict                                         | profile",
      "profile: [baseline, restricted]                         | profile",
      "profile: ''                                             | profile",
      "modes: enforce                                          | modes",
      "enforce: {minimumSeverity: SOME}                        | enforce.minimumSeverity",
      "version: 2                                              | version",
      "exemptions: [{families: [a], rules: [run-as-non-root], expires: 2030-01-01}]            | exemptions[0].reason",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: r}]                      | exemptions[0].expires",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: r, expires: tomorrow}]   | exemptions[0].expires",
      "exemptions: [{rules: [run-as-non-root], reason: r, expires: 2030-01-01}]                | exemptions[0].families",
      "exemptions: [{families: [a], rules: [no-root], reason: r, expires: 2030-01-01}]         | exemptions[0].rules",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: '  ', expires: 2030-01-01}] | exemptions[0].reason",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: r, expires: 2030-01-01, ticket: ''}] | exemptions[0].ticket",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: r, expires: 2030-01-01, owner: me}] | exemptions[0].owner",
      "tagExemptions: true                                                 | tagExemptions",
      "tagExemptions: {enabled: yes-please}                                | tagExemptions.enabled",
      "tagExemptions: {enabled: true}                                      | tagExemptions.allowedPrincipals",
      "tagExemptions: {enabled: true, allowedPrincipals: []}               | tagExemptions.allowedPrincipals",
      "tagExemptions: {enabled: true, allowedPrincipals: ['*']}            | tagExemptions.allowedPrincipals",
      "tagExemptions: {enabled: true, allowedPrincipals: [platform-admin]} | tagExemptions.allowedPrincipals",
      "tagExemptions: {enabled: true, allowedPrincipals: 'arn:aws:iam::1:role/a'} | tagExemptions.allowedPrincipals",
      "tagExemptions: {allowedPrincipals: ['arn:aws:iam::1:role/a'], maxLifetimeDays: 0}   | tagExemptions.maxLifetimeDays",
      "tagExemptions: {allowedPrincipals: ['arn:aws:iam::1:role/a'], maxLifetimeDays: 400} | tagExemptions.maxLifetimeDays",
      "tagExemptions: {allowedPrincipals: ['arn:aws:iam::1:role/a'], maxLifetimeDays: 9.5} | tagExemptions.maxLifetimeDays",
      "tagExemptions: {enabled: true, allowed: ['arn:aws:iam::1:role/a']}  | tagExemptions.allowed",
  })
  void aBadPolicyIsRefusedWithTheKey(String yaml, String key) {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> policy(yaml));

    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void aDocumentThatDoesNotParseIsRefused() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> PolicyLoader.parse("rules: [unclosed", "policy.yaml"));

    assertTrue(e.getMessage().contains("policy.yaml") && e.getMessage().contains("line"), e.getMessage());
  }

  @Test
  void aRefusedPolicyFallsBackToAuditWithTheDefaultsAndSaysWhy() throws IOException {
    ActivePolicy refused = ActivePolicy.of(PolicyLoader.parse("mode: enforce\nrules: {nope: {}}", "x"), CATALOG);
    Subject subject = rootAndPrivileged("web", "[]");

    Evaluation evaluation = refused.evaluate(subject, TODAY);

    assertEquals(Mode.AUDIT, refused.mode());
    assertFalse(evaluation.complete());
    assertTrue(evaluation.gaps().get(0).contains("rules.nope"), evaluation.gaps().toString());
    assertFalse(new Policy(refused).decide(subject, evaluation).deregister());
  }

  @Test
  void sourcesApplyInOrderDefaultsThenVariablesThenThePolicyVariable(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "enforce: {minimumSeverity: CRITICAL}\nrules: {run-as-non-root: {enabled: false}}\n");

    ActivePolicy fromVariables = ActivePolicy.parse(new Settings(Mode.ENFORCE, Severity.MEDIUM, null));
    ActivePolicy fromFile = ActivePolicy.parse(Settings.fromEnvironment(Map.of(
        "ECS_GUARD_MODE", "enforce", "ECS_GUARD_ENFORCE_SEVERITY", "MEDIUM", "ECS_GUARD_POLICY", file.toString())));
    ActivePolicy inline = ActivePolicy.parse(Settings.fromEnvironment(Map.of(
        "ECS_GUARD_POLICY", "{\"mode\": \"enforce\", \"notify\": {\"minimumSeverity\": \"HIGH\"}}")));

    assertEquals(Mode.ENFORCE, fromVariables.mode());
    assertEquals(Severity.MEDIUM, fromVariables.document().enforceThreshold());
    assertEquals(Mode.ENFORCE, fromFile.mode(), "the file keeps what it does not set");
    assertEquals(Severity.CRITICAL, fromFile.document().enforceThreshold(), "the file overrides the variables");
    assertTrue(fromFile.catalog().byId("run-as-non-root").isEmpty());
    assertEquals(Mode.ENFORCE, inline.mode());
    assertEquals(Severity.HIGH, inline.document().notifyThreshold());
  }

  @Test
  void theProfileVariableIsOverriddenByThePolicyItLiesUnder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "profile: baseline\n");

    assertEquals(Profile.RESTRICTED, ActivePolicy.parse(Settings.fromEnvironment(Map.of("ECS_GUARD_PROFILE",
        "restricted"))).document().profile());
    assertEquals(Profile.BASELINE, ActivePolicy.parse(Settings.fromEnvironment(Map.of("ECS_GUARD_PROFILE",
        "restricted", "ECS_GUARD_POLICY", file.toString()))).document().profile());
  }

  @Test
  void aMissingPolicyFileIsRefused() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> ActivePolicy.parse(
        Settings.fromEnvironment(Map.of("ECS_GUARD_POLICY", "/nowhere/policy.yaml"))));

    assertTrue(e.getMessage().contains("/nowhere/policy.yaml"), e.getMessage());
  }

  @Test
  void mergingReplacesListsAndMergesMappings() {
    JsonNode merged = PolicyLoader.merge(
        PolicyLoader.parse("rules: {a: {enabled: false}}\nexemptions: [1, 2]", "base"),
        PolicyLoader.parse("rules: {b: {severity: LOW}}\nexemptions: [3]", "overlay"));

    assertEquals("{\"rules\":{\"a\":{\"enabled\":false},\"b\":{\"severity\":\"LOW\"}},\"exemptions\":[3]}",
        Json.write(merged));
  }
}
