package dev.ecsguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.event.ApiCall;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 13: a registrant tags their own revision {@code ecs-guard:exempt:<rule>} and so silences a
 * plain-text credential and a privileged container. A tag counts only when the policy enables tag exemptions, the
 * caller is on the allowlist and the date is within the maximum lifetime; every refusal is a finding, every
 * exemption used names who granted it, and an exempted finding never enforces.
 */
class TagExemptionsTest {

  private static final Catalog CATALOG = Catalog.standard();
  /** The real date: the exemption-valid rule reads the system clock to tell an expired tag. */
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  private static final String IN_A_MONTH = TODAY.plusDays(30).toString();
  private static final String ADMIN = "arn:aws:sts::123456789012:assumed-role/platform-admin/alice";
  private static final String DEVELOPER = "arn:aws:sts::123456789012:assumed-role/DeployRole/jane.doe";
  private static final String ENABLED = "mode: enforce\ntagExemptions:\n  enabled: true\n  allowedPrincipals:\n"
      + "    - arn:aws:iam::123456789012:role/platform-admin\n"
      + "    - arn:aws:sts::123456789012:assumed-role/platform-admin/*\n";

  /** A credential in plain text (no-secret-env-names, HIGH) in a privileged container (CRITICAL), tagged. */
  private static Subject attack(String expires) throws IOException {
    return tagged(expires + " approved");
  }

  /** The same definition, both rules tagged with this value. */
  private static Subject tagged(String value) throws IOException {
    String tags = "[{\"key\":\"ecs-guard:exempt:no-secret-env-names\",\"value\":\"" + value + "\"},"
        + "{\"key\":\"ecs-guard:exempt:disallow-privileged\",\"value\":\"" + value + "\"}]";
    String json = "{\"taskDefinition\":{\"family\":\"web\",\"revision\":3,"
        + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3\","
        + "\"requiresCompatibilities\":[\"EC2\"],\"networkMode\":\"awsvpc\","
        + "\"executionRoleArn\":\"arn:aws:iam::123456789012:role/x\","
        + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1@sha256:"
        + "a".repeat(64) + "\",\"memory\":512,\"privileged\":true,\"readonlyRootFilesystem\":true,\"user\":\"1000\","
        + "\"environment\":[{\"name\":\"AWS_SECRET_ACCESS_KEY\",\"value\":\"CANARY-tag-attack\"}],"
        + "\"healthCheck\":{\"command\":[\"CMD\",\"true\"]},"
        + "\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"g\",\"awslogs-region\":\"us-east-1\","
        + "\"awslogs-stream-prefix\":\"p\",\"mode\":\"non-blocking\"}}}]},\"tags\":" + tags + "}";
    return Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree(json)), "us-east-1");
  }

  private static ActivePolicy policy(String yaml) {
    return ActivePolicy.parse(PolicyLoader.merge(PolicyLoader.defaults(), PolicyLoader.parse(yaml, "test")), CATALOG);
  }

  private static List<String> counted(Evaluation evaluation) {
    return evaluation.reported().stream().map(Finding::ruleId).distinct().sorted().toList();
  }

  private static List<Finding> refusals(Evaluation evaluation) {
    return evaluation.reported().stream().filter(f -> f.ruleId().equals("exemption-valid")).toList();
  }

  private static boolean deregisters(ActivePolicy policy, Subject subject) {
    return new Policy(policy).decide(subject, policy.evaluate(subject, TODAY)).deregister();
  }

  @Test
  void byDefaultATagExemptsNothingAndSaysWhy() throws IOException {
    ActivePolicy policy = policy("mode: enforce");
    Subject subject = attack("2099-12-31").withPrincipal(ADMIN);

    Evaluation evaluation = policy.evaluate(subject, TODAY);

    assertTrue(counted(evaluation).containsAll(List.of("no-secret-env-names", "disallow-privileged")));
    assertEquals(2, refusals(evaluation).size(), "one refusal per tag");
    assertTrue(refusals(evaluation).stream().allMatch(f -> f.severity() == Severity.MEDIUM
        && f.message().contains("disabled") && f.field().startsWith("/tags/ecs-guard:exempt:")));
    assertTrue(deregisters(policy, subject), "the revision is deregistered all the same");
    assertFalse(policy.document().tagExemptions().enabled());
  }

  @Test
  void aTagFromAPrincipalNotOnTheAllowlistIsRefused() throws IOException {
    ActivePolicy policy = policy(ENABLED);
    Subject subject = attack(IN_A_MONTH).withPrincipal(DEVELOPER);

    Evaluation evaluation = policy.evaluate(subject, TODAY);

    assertTrue(counted(evaluation).containsAll(List.of("no-secret-env-names", "disallow-privileged")));
    assertTrue(refusals(evaluation).stream().allMatch(f -> f.severity() == Severity.MEDIUM
        && f.message().contains(DEVELOPER) && f.message().contains("not allowed")), refusals(evaluation).toString());
    assertTrue(deregisters(policy, subject));
  }

  @Test
  void aTagBeyondTheMaximumLifetimeIsRefusedNotShortened() throws IOException {
    ActivePolicy policy = policy(ENABLED);
    Subject farOff = attack("2099-12-31").withPrincipal(ADMIN);
    Subject justOver = attack(TODAY.plusDays(91).toString()).withPrincipal(ADMIN);
    Subject atTheLimit = attack(TODAY.plusDays(90).toString()).withPrincipal(ADMIN);

    assertTrue(counted(policy.evaluate(farOff, TODAY)).contains("disallow-privileged"));
    assertTrue(refusals(policy.evaluate(farOff, TODAY)).get(0).message().contains("maxLifetimeDays"));
    assertTrue(counted(policy.evaluate(justOver, TODAY)).contains("disallow-privileged"));
    assertFalse(counted(policy.evaluate(atTheLimit, TODAY)).contains("disallow-privileged"));
    assertTrue(deregisters(policy, farOff));
  }

  @Test
  void theMaximumLifetimeIsSetByThePolicy() throws IOException {
    ActivePolicy policy = policy(ENABLED + "  maxLifetimeDays: 30\n");
    Subject subject = attack(TODAY.plusDays(31).toString()).withPrincipal(ADMIN);

    assertTrue(counted(policy.evaluate(subject, TODAY)).contains("disallow-privileged"));
    assertEquals(30, policy.document().tagExemptions().maxLifetimeDays());
  }

  @Test
  void withoutAKnownPrincipalATagExemptsNothing() throws IOException {
    ActivePolicy policy = policy(ENABLED);
    Subject linted = attack(IN_A_MONTH); // lint: no event, no principal

    Evaluation evaluation = policy.evaluate(linted, TODAY);

    assertTrue(counted(evaluation).contains("disallow-privileged"));
    assertTrue(refusals(evaluation).stream().allMatch(f -> f.severity() == Severity.MEDIUM
        && f.message().contains("no principal")), refusals(evaluation).toString());
  }

  @Test
  void anAllowedPrincipalExemptsWithinTheLifetimeAndTheFindingSaysWhoGrantedIt() throws IOException {
    ActivePolicy policy = policy(ENABLED);
    Subject subject = attack(IN_A_MONTH).withPrincipal(ADMIN);

    Evaluation evaluation = policy.evaluate(subject, TODAY);

    assertFalse(counted(evaluation).contains("disallow-privileged"));
    assertFalse(counted(evaluation).contains("no-secret-env-names"));
    assertEquals(List.of(), refusals(evaluation));
    Finding privileged = evaluation.findings().stream().filter(f -> f.ruleId().equals("disallow-privileged"))
        .findFirst().orElseThrow();
    assertEquals("granted by tag ecs-guard:exempt:disallow-privileged on a call by " + ADMIN
        + " (allowed by tagExemptions.allowedPrincipals), until " + IN_A_MONTH + ": approved", privileged.exemption());
    assertFalse(deregisters(policy, subject), "an exempted finding never enforces");
  }

  @Test
  void anExpiredOrReasonlessTagIsRefusedEvenFromAnAllowedPrincipal() throws IOException {
    ActivePolicy policy = policy(ENABLED);
    Subject expired = attack(TODAY.minusDays(30).toString()).withPrincipal(ADMIN);
    Subject reasonless = tagged(IN_A_MONTH).withPrincipal(ADMIN);

    for (Subject subject : List.of(expired, reasonless)) {
      Evaluation evaluation = policy.evaluate(subject, TODAY);
      assertTrue(counted(evaluation).containsAll(List.of("disallow-privileged", "exemption-valid")));
      assertTrue(evaluation.findings().stream().noneMatch(Finding::exempted));
      assertTrue(deregisters(policy, subject));
    }
  }

  @Test
  void aPolicyExemptionNeedsNoPrincipalAndNamesItsTicket() throws IOException {
    ActivePolicy policy = policy("mode: enforce\nexemptions:\n  - {families: [web], rules: [disallow-privileged, "
        + "no-secret-env-names], reason: 'rotating to Secrets Manager', expires: " + IN_A_MONTH + ", ticket: SEC-42}\n");
    Subject linted = attack("2099-12-31");

    Evaluation evaluation = policy.evaluate(linted, TODAY);

    Finding privileged = evaluation.findings().stream().filter(f -> f.ruleId().equals("disallow-privileged"))
        .findFirst().orElseThrow();
    assertEquals("granted by policy exemption #0 (ticket SEC-42), until " + IN_A_MONTH + ": rotating to Secrets Manager",
        privileged.exemption());
    assertEquals("SEC-42", policy.document().exemptions().get(0).ticket());
    assertFalse(counted(evaluation).contains("no-secret-env-names"));
    assertFalse(deregisters(policy, linted));
  }

  @Test
  void principalPatternsMatchLikeArnLikeWithinEachPart() {
    PrincipalPattern sessions = PrincipalPattern.of("arn:aws:sts::123456789012:assumed-role/platform-admin/*");
    PrincipalPattern anyAccount = PrincipalPattern.of("arn:aws:iam::*:role/platform-admin");

    assertTrue(sessions.matches(ADMIN));
    assertFalse(sessions.matches("arn:aws:sts::123456789012:assumed-role/platform-admin-not/alice"));
    assertFalse(sessions.matches("arn:aws:sts::210987654321:assumed-role/platform-admin/alice"));
    assertFalse(sessions.matches(null));
    assertTrue(anyAccount.matches("arn:aws:iam::210987654321:role/platform-admin"));
    assertFalse(anyAccount.matches("arn:aws:iam::1:x:role/platform-admin"), "a * never crosses a colon");
  }

  @Test
  void onlyAWholeCallerArnIsAPrincipal() {
    assertEquals(ADMIN, origin(ADMIN).principalArn());
    assertNull(origin("ecs.amazonaws.com").principalArn(), "invokedBy names a service, not a principal");
    assertNull(origin(ADMIN + "…").principalArn(), "cut short for the logs");
    assertNull(origin("arn:aws:sts::1:assumed-role/a/b?c").principalArn(), "a character masked for the logs");
    assertNull(origin(null).principalArn());
  }

  private static ApiCall.Origin origin(String caller) {
    return new ApiCall.Origin("id", "RegisterTaskDefinition", null, "us-east-1", "123456789012", caller);
  }
}
