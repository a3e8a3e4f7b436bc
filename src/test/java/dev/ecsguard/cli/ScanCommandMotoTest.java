package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import dev.ecsguard.testing.ScaledAccount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code ecs-guard scan --aws} against moto: a compliant family (payments-api), a non-compliant one with two ACTIVE
 * revisions (legacy-worker:1 and :2) and one with medium findings (batch-report), as the sample events register them.
 */
@ExtendWith(MotoServer.Extension.class)
class ScanCommandMotoTest {

  private MotoAccount account;
  private Map<String, String> env;
  private String payments;
  private String legacy1;
  private String legacy2;
  private String batch;

  record Run(int exitCode, String stdout, String stderr) {
    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(stdout);
    }
  }

  @BeforeEach
  void accountWithThreeFamilies() throws Exception {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    env = new HashMap<>(account.stateTable());
    // The function's configuration says enforce: the scan still acts only with --enforce.
    env.put("ECS_GUARD_MODE", "enforce");
    payments = account.registerFrom(MotoAccount.event("register-task-definition.json"));
    legacy1 = account.registerFrom(MotoAccount.event("register-task-definition-noncompliant.json"));
    legacy2 = account.registerFrom(MotoAccount.event("register-task-definition-noncompliant.json"));
    batch = account.registerFrom(sharedRoleWithMemory());
    // The task role inventory built, as the stack's sweep keeps it: task-role-not-shared then has an answer.
    try (AwsClients clients = account.guardClients()) {
      new InventorySweep(clients, dev.ecsguard.state.StateStore.fromEnvironment(env, clients).roles(),
          java.time.Clock.systemUTC(), () -> { }).run(MotoServer.ACCOUNT, MotoServer.REGION,
          java.time.Instant.now().plusSeconds(60));
    }
  }

  /** The shared-role sample, with the memory moto (as ECS) requires of its second container. */
  static ObjectNode sharedRoleWithMemory() throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition-shared-role.json");
    ((ObjectNode) event.path("detail").path("requestParameters").path("containerDefinitions").get(1))
        .put("memory", 256);
    return event;
  }

  @AfterEach
  void close() {
    account.close();
  }

  private Run scan(String... args) {
    return scan(account::guardClients, null, args);
  }

  private Run scan(Supplier<AwsClients> clients, Supplier<InventorySweep.Pacer> pacer, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new ScanCommand(env, clients, pacer));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Map<String, JsonNode> byResource(JsonNode scan) {
    Map<String, JsonNode> revisions = new TreeMap<>();
    scan.path("revisions").forEach(r -> revisions.put(r.path("resource").asText(), r));
    return revisions;
  }

  private static Set<String> ruleIds(JsonNode report) {
    Set<String> ids = new TreeSet<>();
    report.path("findings").forEach(f -> ids.add(f.path("ruleId").asText()));
    return ids;
  }

  @Test
  void sarifNamesEachRevisionByItsArnAndPassesTheSchema() throws Exception {
    Run run = scan("--aws", "--format", "sarif");

    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(List.of(), dev.ecsguard.testing.SarifSchema.errors(run.stdout()));
    JsonNode results = Json.MAPPER.readTree(run.stdout()).path("runs").get(0).path("results");
    Set<String> located = new TreeSet<>();
    results.forEach(result -> {
      JsonNode location = result.path("locations").get(0);
      located.add(location.path("logicalLocations").get(0).path("name").asText() + " "
          + location.path("physicalLocation").path("artifactLocation").path("uri").asText().replaceAll(".*/", ""));
    });
    assertEquals(Set.of("batch-report:1 batch-report:1", "legacy-worker:2 legacy-worker:2"), located,
        "each finding names its revision (family:revision) and the revision's ARN");
  }

  @Test
  void theLatestRevisionOfEachFamilyIsReportedAndNothingIsChanged() throws Exception {
    Run run = scan("--aws", "--format", "json");

    assertEquals(1, run.exitCode(), run::toString);
    JsonNode json = run.json();
    Map<String, JsonNode> revisions = byResource(json);
    assertEquals(Set.of("payments-api:1", "legacy-worker:2", "batch-report:1"), revisions.keySet(),
        "the latest ACTIVE revision of each family, not legacy-worker:1");
    assertEquals(Set.of(), ruleIds(revisions.get("payments-api:1")), "the compliant sample");
    assertTrue(ruleIds(revisions.get("legacy-worker:2")).containsAll(Set.of("require-log-configuration",
        "awslogs-options-complete", "no-secret-env-names", "no-secret-env-values", "require-execution-role",
        "image-same-region", "disallow-latest-tag", "fargate-cpu-memory-valid", "run-as-non-root",
        "disallow-privileged")), () -> ruleIds(revisions.get("legacy-worker:2")).toString());
    assertTrue(ruleIds(revisions.get("batch-report:1")).contains("separate-task-and-execution-roles"),
        () -> ruleIds(revisions.get("batch-report:1")).toString());
    assertEquals(legacy2, revisions.get("legacy-worker:2").path("file").asText(), "file = the revision's ARN");
    assertEquals("Scan", revisions.get("legacy-worker:2").path("event").path("name").asText());
    revisions.values().forEach(r -> assertEquals("NONE", r.path("action").path("taken").asText(), r.toString()));
    JsonNode unit = json.path("units").get(0);
    assertEquals(3, unit.path("families").asInt());
    assertEquals(3, unit.path("revisions").asInt());
    assertEquals(2, unit.path("revisionsWithFindings").asInt());
    int findings = revisions.values().stream().mapToInt(r -> r.path("findingCount").asInt()).sum();
    assertEquals(findings, unit.path("findings").asInt());
    for (String arn : List.of(payments, legacy1, legacy2, batch)) {
      assertEquals("ACTIVE", account.status(arn), "no --enforce: nothing changed, whatever the mode");
    }
    assertEquals(0, alertRecords(), "no topic: nothing sent, and nothing recorded as alerted");
    assertFalse(run.stderr().contains("\r"), "no progress bar into a pipe: " + run.stderr());
    assertFalse(run.stdout().contains("CANARY"), "no secret value in the output");
  }

  /** The alert ledger's records in the state table (which alerts went out, per revision and per event). */
  private long alertRecords() {
    try (software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo =
        software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(MotoServer.get().endpoint())
            .region(software.amazon.awssdk.regions.Region.of(MotoServer.REGION))
            .credentialsProvider(MotoServer.get().credentials()).build()) {
      return dynamo.scan(r -> r.tableName(MotoAccount.STATE_TABLE)).items().stream()
          .map(item -> item.get("pk").s()).filter(pk -> pk.startsWith("repeat#") || pk.startsWith("alert#")).count();
    }
  }

  @Test
  void withATopicTheScanAlertsEachRevisionOnce() throws Exception {
    env.put("ECS_GUARD_TOPIC_ARN", account.createAlertsTopic());

    scan("--aws");
    assertEquals(2, account.deliveredAlerts().size(), "legacy-worker:2 and batch-report:1");
    scan("--aws");
    assertEquals(0, account.deliveredAlerts().size(), "the same findings on the same revisions: not again");
  }

  /** The same verdict as the Lambda gives the same revision at registration. */
  @Test
  void theScanSaysWhatTheRegistrationEventSaid() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    account.registerFrom(event);
    Map<String, String> audit = new HashMap<>(env);
    audit.put("ECS_GUARD_MODE", "audit");
    List<String> reports = new java.util.ArrayList<>();
    try (AwsClients clients = account.guardClients()) {
      Pipeline pipeline = dev.ecsguard.pipeline.PipelineFactory.forInvoke(audit, clients, LogSink.silent(),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          report -> reports.add(dev.ecsguard.notify.JsonReport.render(report)));
      new GuardHandler(pipeline).handleRequest(new ByteArrayInputStream(Json.write(event)
          .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), new FakeContext("req"));
    }
    JsonNode atRegistration = Json.MAPPER.readTree(reports.get(0));

    JsonNode scanned = byResource(scan("--aws", "--format", "json", "--family", "legacy").json())
        .get("legacy-worker:3");

    assertEquals(findingKeys(atRegistration), findingKeys(scanned));
  }

  private static Set<String> findingKeys(JsonNode report) {
    Set<String> keys = new TreeSet<>();
    report.path("findings").forEach(f -> keys.add(f.path("ruleId").asText() + " " + f.path("severity").asText() + " "
        + f.path("container").asText() + " " + f.path("field").asText()));
    return keys;
  }

  @Test
  void allRevisionsAndAFamilyPrefix() throws Exception {
    assertEquals(Set.of("payments-api:1", "legacy-worker:1", "legacy-worker:2", "batch-report:1"),
        byResource(scan("--aws", "--format", "json", "--all-revisions").json()).keySet());
    assertEquals(Set.of("legacy-worker:2"),
        byResource(scan("--aws", "--format", "json", "--family", "legacy").json()).keySet());
    assertEquals(Set.of("legacy-worker:1", "legacy-worker:2"),
        byResource(scan("--aws", "--format", "json", "--family", "legacy", "--all-revisions").json()).keySet());
  }

  @Test
  void enforceObeysThePolicyAndTheSafetyValve() throws Exception {
    env.put("ECS_GUARD_SAFETY_VALVE", "1/1h");

    Run run = scan("--aws", "--all-revisions", "--enforce");

    assertEquals(1, run.exitCode(), run::toString);
    // One action per family per hour: the first legacy-worker revision scanned is deregistered, the valve holds
    // the second.
    assertEquals(Set.of("ACTIVE", "INACTIVE"), Set.of(account.status(legacy1), account.status(legacy2)));
    assertEquals("ACTIVE", account.status(payments));
    assertEquals("ACTIVE", account.status(batch), "below the enforce threshold (HIGH)");
    assertTrue(run.stdout().contains("Actions: 1 deregistered, 1 safety valve"), run.stdout());

    // Audit mode: --enforce cannot make the scan act where the policy does not.
    env.put("ECS_GUARD_MODE", "audit");
    env.put("ECS_GUARD_SAFETY_VALVE", "off");
    String stillActive = account.status(legacy1).equals("ACTIVE") ? legacy1 : legacy2;
    scan("--aws", "--all-revisions", "--enforce");
    assertEquals("ACTIVE", account.status(stillActive));
  }

  @Test
  void theTextEndsWithTheSummaryTable() {
    Run run = scan("--aws");

    assertEquals(1, run.exitCode(), run::toString);
    String out = run.stdout();
    assertTrue(out.contains("== " + legacy2 + ": legacy-worker:2"), out);
    assertTrue(out.contains("Scanned: the latest ACTIVE revision of each family (report only)"), out);
    assertTrue(out.matches("(?s).*account/region\\s+families\\s+revisions\\s+with findings\\s+CRITICAL\\s+HIGH\\s+MEDIUM"
        + "\\s+LOW\\s+INFO\\n\\s+this account/us-east-1\\s+3\\s+3\\s+2\\s.*"), out);
    assertTrue(out.contains("disallow-privileged"), "the rules table");
    assertTrue(out.contains("Actions: none (a scan without --enforce only reports)"), out);
    assertTrue(out.matches("(?s).*ecs-guard: 3 revision\\(s\\), \\d+ finding\\(s\\); 1 revision\\(s\\) fail at HIGH or "
        + "above; 4 ECS calls in [0-9.]+ s\\n"), out);
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() {
    Run noRegion = new Run(0, "", "");
    env.remove("AWS_REGION");
    noRegion = scan("--aws");
    assertEquals(2, noRegion.exitCode());
    assertEquals("ecs-guard: no region: give --region or set AWS_REGION", noRegion.stderr().strip());
    assertEquals(2, scan("--aws", "--region", "us-east-1", "--calls-per-second", "50").exitCode());
    assertEquals(2, scan("--aws", "--region", "us-east-1", "--family", "a b").exitCode());
    assertEquals(2, scan("--aws", "--region", "us-east-1", "--format", "xml").exitCode());
  }

  /** ECS calls are paced: 10 a second by default; the scan's own count is the proxy's. */
  @Test
  void theCallRateIsBounded() throws Exception {
    ScaledAccount.registerFamilies(account, "svc", 20, Set.of(), null);
    try (FaultProxy proxy = new FaultProxy(MotoServer.get().endpoint())) {
      long started = System.nanoTime();
      Run run = scan(() -> new AwsClients(proxy.endpoint(), MotoServer.get().credentials()), null,
          "--aws", "--format", "json", "--calls-per-second", "10");
      double seconds = (System.nanoTime() - started) / 1e9;

      int listed = proxy.calls("ListTaskDefinitionFamilies");
      int described = proxy.calls("DescribeTaskDefinition");
      assertEquals(1, listed, "moto answers with one page");
      assertEquals(23, described, "one per family");
      assertEquals(listed + described, run.json().path("ecsCalls").asInt());
      assertTrue(seconds >= (listed + described - 1) / 10.0, "24 calls at 10/s take at least 2.3 s: " + seconds);
    }
  }
}
