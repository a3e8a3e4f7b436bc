package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.JarRunner;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as users run it: {@code java -jar target/ecs-guard.jar …} in a subprocess, checking exit
 * codes, what is printed where, and that no planted secret and no stack trace ever reaches the terminal.
 * Runs after {@code package} (failsafe); the {@code --aws} cases run against moto.
 */
@ExtendWith(MotoServer.Extension.class)
class CliIT {

  private static final Path NONCOMPLIANT = Path.of("events", "register-task-definition-noncompliant.json");
  private static final Path COMPLIANT = Path.of("events", "register-task-definition.json");
  private static final Path FAILED = Path.of("events", "register-task-definition-failed.json");
  private static final Path RUN_TASK = Path.of("events", "run-task.json");
  private static final Path SHARED_ROLE = Path.of("events", "register-task-definition-shared-role.json");

  /** The rules the events README says the non-compliant sample triggers (at HIGH and above or otherwise). */
  private static final List<String> NONCOMPLIANT_RULES = List.of("require-log-configuration",
      "awslogs-options-complete", "no-secret-env-names", "no-secret-env-values", "require-execution-role",
      "image-same-region", "disallow-latest-tag", "fargate-cpu-memory-valid", "run-as-non-root",
      "disallow-privileged");

  @TempDir Path temp;

  /** Offline: no AWS_* (and no ECS_GUARD_*) variable at all. */
  private static JarRunner offline() {
    return new JarRunner();
  }

  /** The checks every run must pass: no planted secret anywhere, no Java stack trace, no timeout. */
  private static JarRunner.Result clean(JarRunner.Result result) {
    assertFalse(result.timedOut(), () -> "timed out: " + result.describe());
    Canaries.assertNone("stdout of ecs-guard " + String.join(" ", result.args()), result.stdout());
    Canaries.assertNone("stderr of ecs-guard " + String.join(" ", result.args()), result.stderr());
    assertFalse(result.hasStackTrace(), () -> "a stack trace was printed: " + result.describe());
    return result;
  }

  private static void assertExit(int expected, JarRunner.Result result) {
    assertEquals(expected, result.exitCode(), () -> "exit code: " + result.describe());
  }

  /** A usage/input failure: exit 2, exactly one line on stderr starting with "ecs-guard: ", nothing on stdout. */
  private static String assertOneLineFailure(JarRunner.Result result) {
    assertExit(2, result);
    List<String> lines = result.stderrLines();
    assertEquals(1, lines.size(), () -> "one line on stderr: " + result.describe());
    assertTrue(lines.get(0).startsWith("ecs-guard: "), () -> "prefixed reason: " + result.describe());
    assertEquals("", result.stdout().strip(), () -> "nothing on stdout: " + result.describe());
    return lines.get(0);
  }

  private static JsonNode event(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readAllBytes(file));
  }

  /** The {@code responseElements.taskDefinition} of a sample event, written to a file as `lint` takes it. */
  private Path definitionFile(Path eventFile, String name) throws IOException {
    JsonNode definition = event(eventFile).path("detail").path("responseElements").path("taskDefinition");
    assertTrue(definition.isObject(), eventFile + " carries a task definition");
    Path file = temp.resolve(name);
    Files.writeString(file, Json.writePretty(definition));
    return file;
  }

  private static JsonNode parseJson(JarRunner.Result result) {
    try {
      return Json.MAPPER.readTree(result.stdout());
    } catch (IOException e) {
      throw new AssertionError("stdout is not JSON (" + e.getClass().getSimpleName() + "): " + result.describe());
    }
  }

  /** Every finding of a JSON report carries ruleId, severity, container (maybe null) and field. */
  private static List<JsonNode> assertFindingsShape(JsonNode report, JarRunner.Result result) {
    assertEquals("ecs-guard.report/v1", report.path("schema").asText(), () -> "schema: " + result.describe());
    JsonNode findings = report.path("findings");
    assertTrue(findings.isArray() && !findings.isEmpty(), () -> "findings: " + result.describe());
    List<JsonNode> list = new ArrayList<>();
    for (JsonNode finding : findings) {
      for (String field : List.of("ruleId", "severity", "container", "field")) {
        assertTrue(finding.has(field), () -> "a finding without " + field + ": " + Canaries.redact(finding.toString()));
      }
      assertFalse(finding.path("ruleId").asText().isBlank(), "ruleId");
      assertFalse(finding.path("severity").asText().isBlank(), "severity");
      assertFalse(finding.path("field").asText().isBlank(), "field");
      list.add(finding);
    }
    assertEquals(findings.size(), report.path("findingCount").asInt(), "findingCount");
    return list;
  }

  private static List<String> findingKeys(List<JsonNode> findings) {
    return findings.stream().map(f -> f.path("ruleId").asText() + " " + f.path("severity").asText() + " "
        + f.path("container").asText() + " " + f.path("field").asText() + " " + f.path("detector").asText())
        .sorted().toList();
  }

  private static Set<String> fieldNames(JsonNode report) {
    Set<String> names = new TreeSet<>();
    report.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> ruleIds(List<JsonNode> findings) {
    Set<String> ids = new TreeSet<>();
    findings.forEach(f -> ids.add(f.path("ruleId").asText()));
    return ids;
  }

  @Nested
  class InvokeOffline {

    @Test
    void theNonCompliantSampleFailsAndNamesEveryRuleWithoutActingInAuditMode() {
      JarRunner.Result result = clean(offline().run("invoke", NONCOMPLIANT));

      assertExit(1, result);
      assertTrue(result.stdout().contains("legacy-worker:3"), () -> "names the revision: " + result.describe());
      for (String rule : NONCOMPLIANT_RULES) {
        assertTrue(result.stdout().contains(rule), () -> "names " + rule + ": " + result.describe());
      }
      assertFalse(result.stdout().toLowerCase().contains("would deregister"),
          () -> "audit mode (the default) would not deregister: " + result.describe());
    }

    @Test
    void inEnforceModeItSaysItWouldDeregisterButChangesNothing() {
      JarRunner.Result result = clean(offline().env("ECS_GUARD_MODE", "enforce").run("invoke", NONCOMPLIANT));

      assertExit(1, result);
      assertTrue(result.stdout().contains("would deregister"), () -> result.describe());
      assertTrue(result.stdout().contains("nothing was changed"), () -> "says it is offline: " + result.describe());
    }

    @Test
    void verboseAddsTheLambdaLogLineOnStderrWithoutValues() {
      JarRunner.Result result = clean(offline().run("invoke", "-v", NONCOMPLIANT));

      assertExit(1, result);
      assertTrue(result.stderr().contains("\"ecsGuard\":\"evaluated\""), () -> "the log line: " + result.describe());
      assertTrue(result.stderr().contains("no-secret-env-values"), () -> "lists findings: " + result.describe());
    }

    @Test
    void jsonOutputParsesAndEveryFindingHasRuleSeverityContainerAndField() {
      JarRunner.Result result = clean(offline().run("invoke", "--format", "json", NONCOMPLIANT));

      assertExit(1, result);
      JsonNode report = parseJson(result);
      Set<String> ids = ruleIds(assertFindingsShape(report, result));
      assertTrue(ids.containsAll(NONCOMPLIANT_RULES), () -> "rules: " + ids);
      assertEquals("legacy-worker", report.path("taskDefinition").path("family").asText());
      assertEquals(3, report.path("taskDefinition").path("revision").asInt());
    }

    @Test
    void theCompliantSamplePasses() {
      JarRunner.Result result = clean(offline().run("invoke", COMPLIANT));

      assertExit(0, result);
      assertTrue(result.stdout().contains("payments-api:7"), () -> result.describe());
    }

    @Test
    void aFailedCallIsSkipped() {
      JarRunner.Result result = clean(offline().run("invoke", FAILED));

      assertExit(0, result);
      assertTrue(result.stdout().toLowerCase().contains("skipped"), () -> result.describe());
    }

    @Test
    void aRunTaskEventAloneIsUnusableWithOneLineSayingWhatIsMissing() {
      JarRunner.Result result = clean(offline().run("invoke", RUN_TASK));

      String line = assertOneLineFailure(result);
      assertTrue(line.contains("does not carry the task definition"), () -> result.describe());
      assertTrue(line.contains("--task-definition"), () -> "says how to give it: " + result.describe());
    }

    @Test
    void aRunTaskWithItsDefinitionReportsTheOverrideCredential() throws IOException {
      Path definition = definitionFile(COMPLIANT, "payments-api-7.json");

      JarRunner.Result result = clean(offline().run("invoke", "--task-definition", definition, RUN_TASK));

      assertExit(1, result);
      assertTrue(result.stdout().contains("no-secrets-in-run-overrides"), () -> result.describe());
      assertTrue(result.stdout().contains("STRIPE_API_KEY"), () -> "names the variable: " + result.describe());
      assertFalse(result.stdout().contains("FEATURE_FLAG"), () -> "a harmless override is not reported: "
          + result.describe());

      JarRunner.Result json = clean(offline().run("invoke", "--format", "json", "--task-definition", definition,
          RUN_TASK));
      assertExit(1, json);
      assertEquals(Set.of("no-secrets-in-run-overrides"), ruleIds(assertFindingsShape(parseJson(json), json)));

      JarRunner.Result critical = clean(offline().run("invoke", "--fail-on", "CRITICAL", "--task-definition",
          definition, RUN_TASK));
      assertExit(0, critical);
    }

    @Test
    void anUnknownFailOnIsAOneLineUsageError() {
      String line = assertOneLineFailure(clean(offline().run("invoke", "--fail-on", "SEVERE", NONCOMPLIANT)));
      assertTrue(line.contains("SEVERE"), line);
    }

    @Test
    void aMalformedEventIsUnusable() throws IOException {
      Path file = temp.resolve("malformed.json");
      Files.writeString(file, "{\"detail\": [");

      assertOneLineFailure(clean(offline().run("invoke", file)));
    }

    @Test
    void aMissingEventFileIsUnusable() {
      String line = assertOneLineFailure(clean(offline().run("invoke", temp.resolve("nope.json"))));
      assertTrue(line.contains("no such file"), line);
    }
  }

  @Nested
  class Lint {

    @Test
    void theNonCompliantDefinitionFails() throws IOException {
      Path file = definitionFile(NONCOMPLIANT, "legacy-worker.json");

      JarRunner.Result result = clean(offline().run("lint", file));

      assertExit(1, result);
      for (String rule : NONCOMPLIANT_RULES) {
        assertTrue(result.stdout().contains(rule), () -> "names " + rule + ": " + result.describe());
      }
    }

    @Test
    void theDescribeTaskDefinitionWrapperGivesTheSameFindings() throws IOException {
      Path bare = definitionFile(NONCOMPLIANT, "bare.json");
      ObjectNode wrapper = Json.MAPPER.createObjectNode();
      wrapper.set("taskDefinition", Json.MAPPER.readTree(Files.readAllBytes(bare)));
      wrapper.putArray("tags").addObject().put("key", "team").put("value", "platform");
      Path wrapped = temp.resolve("wrapped.json");
      Files.writeString(wrapped, Json.writePretty(wrapper));

      JarRunner.Result bareResult = clean(offline().run("lint", "--format", "json", bare));
      JarRunner.Result wrappedResult = clean(offline().run("lint", "--format", "json", wrapped));

      assertExit(1, bareResult);
      assertExit(1, wrappedResult);
      List<JsonNode> bareFindings = assertFindingsShape(parseJson(bareResult).path(0), bareResult);
      List<JsonNode> wrappedFindings = assertFindingsShape(parseJson(wrappedResult).path(0), wrappedResult);
      assertEquals(findingKeys(bareFindings), findingKeys(wrappedFindings), "same findings either way");
    }

    @Test
    void failOnSetsTheThreshold() throws IOException {
      Path noncompliant = definitionFile(NONCOMPLIANT, "legacy-worker.json");
      Path sharedRole = definitionFile(SHARED_ROLE, "batch-report.json");

      // legacy-worker has CRITICAL findings: it fails at every threshold.
      assertExit(1, clean(offline().run("lint", "--fail-on", "CRITICAL", noncompliant)));
      // batch-report's worst finding is MEDIUM, of the restricted profile: counted only when it is enforced.
      assertExit(0, clean(offline().run("lint", sharedRole)));
      assertExit(0, clean(offline().run("lint", "--fail-on", "MEDIUM", sharedRole)));
      assertExit(0, clean(offline().run("lint", "--profile", "restricted", "--fail-on", "CRITICAL", sharedRole)));
      assertExit(1, clean(offline().run("lint", "--profile", "restricted", "--fail-on", "MEDIUM", sharedRole)));
      assertExit(1, clean(offline().run("lint", "--profile", "restricted", "--fail-on", "medium", sharedRole)));
      assertOneLineFailure(clean(offline().run("lint", "--fail-on", "SEVERE", sharedRole)));
    }

    @Test
    void theCompliantDefinitionPasses() throws IOException {
      JarRunner.Result result = clean(offline().run("lint", definitionFile(COMPLIANT, "payments-api.json")));

      assertExit(0, result);
    }

    @Test
    void jsonOutputParses() throws IOException {
      Path noncompliant = definitionFile(NONCOMPLIANT, "legacy-worker.json");
      Path compliant = definitionFile(COMPLIANT, "payments-api.json");

      JarRunner.Result result = clean(offline().run("lint", "--format", "json", noncompliant, compliant));

      assertExit(1, result);
      JsonNode reports = parseJson(result);
      assertTrue(reports.isArray() && reports.size() == 2, () -> "one report per file: " + result.describe());
      assertTrue(ruleIds(assertFindingsShape(reports.path(0), result)).containsAll(NONCOMPLIANT_RULES));
      assertEquals(0, reports.path(1).path("findingCount").asInt(), () -> result.describe());
      assertEquals(noncompliant.toString(), reports.path(0).path("file").asText());
    }

    @Test
    void aFileThatIsNotJsonIsUnusableWithOneLine() throws IOException {
      Path file = temp.resolve("notes.txt");
      Files.writeString(file, "family: legacy-worker\nthis is not JSON\n");

      String line = assertOneLineFailure(clean(offline().run("lint", file)));
      assertTrue(line.contains(file.toString()), () -> "names the file: " + line);
    }

    @Test
    void aFileWithTwoDefinitionsIsUnusableRatherThanHalfLinted() throws IOException {
      Path one = definitionFile(NONCOMPLIANT, "one.json");
      Path both = temp.resolve("both.json");
      Files.writeString(both, Files.readString(one) + "\n" + Files.readString(one));

      String line = assertOneLineFailure(clean(offline().run("lint", both)));
      assertTrue(line.contains(both.toString()) && line.contains("not valid JSON"), () -> "names the file: " + line);
    }

    @Test
    void aMissingFileIsUnusable() {
      Path file = temp.resolve("missing.json");

      String line = assertOneLineFailure(clean(offline().run("lint", file)));
      assertTrue(line.contains(file.toString()), () -> "names the file: " + line);
    }

    @Test
    void anEventFileIsUnusableWithAHintToUseInvoke() {
      String line = assertOneLineFailure(clean(offline().run("lint", NONCOMPLIANT)));

      assertTrue(line.contains("invoke"), () -> "hints at invoke: " + line);
    }

    @Test
    void jsonThatIsNotATaskDefinitionIsUnusable() throws IOException {
      Path file = temp.resolve("other.json");
      Files.writeString(file, "{\"family\": \"x\"}");

      assertOneLineFailure(clean(offline().run("lint", file)));
    }
  }

  @Nested
  class InvokeAgainstMoto {

    private JarRunner aws(String mode, String topicArn) {
      return new JarRunner().withoutAwsFiles().env(MotoServer.get().environment())
          .env("ECS_GUARD_MODE", mode).env("ECS_GUARD_TOPIC_ARN", topicArn);
    }

    @Test
    void enforceModeDeregistersAlertsOnceAndLeaksNothing() throws Exception {
      MotoServer.get().reset();
      try (MotoAccount account = new MotoAccount(MotoServer.get())) {
        String topicArn = account.createAlertsTopic();
        ObjectNode event = MotoAccount.event(NONCOMPLIANT.getFileName().toString());
        String arn = account.registerFrom(event);
        Path eventFile = temp.resolve("registered.json");
        Files.writeString(eventFile, Json.write(event));

        JarRunner.Result result = clean(aws("enforce", topicArn).run("invoke", "--aws", eventFile));

        assertExit(1, result);
        assertEquals("INACTIVE", account.status(arn), () -> "deregistered in moto: " + result.describe());
        assertTrue(result.stdout().contains("findings in legacy-worker:"), () -> "the report: " + result.describe());
        assertTrue(result.stdout().contains("(deregistered)"), () -> "the action: " + result.describe());
        List<JsonNode> alerts = account.deliveredAlerts();
        assertEquals(1, alerts.size(), "exactly one alert");
        String alert = Json.write(alerts.get(0));
        Canaries.assertNone("the SNS alert", alert);
        String body = alerts.get(0).path("Message").asText();
        for (String rule : NONCOMPLIANT_RULES) {
          assertTrue(body.contains(rule), "the alert names " + rule);
        }
        String revision = arn.substring(arn.lastIndexOf(':') + 1);
        assertTrue(alerts.get(0).path("Subject").asText().contains("legacy-worker:" + revision),
            () -> "subject: " + Canaries.redact(alerts.get(0).path("Subject").asText()));
      }
    }

    /** {@code --aws --format json} prints the report offline {@code invoke --format json} prints, not a summary. */
    @Test
    void jsonIsTheSameReportAsOfflineWithTheActionTaken() throws Exception {
      MotoServer.get().reset();
      try (MotoAccount account = new MotoAccount(MotoServer.get())) {
        String topicArn = account.createAlertsTopic();
        ObjectNode event = MotoAccount.event(NONCOMPLIANT.getFileName().toString());
        account.registerFrom(event);
        Path eventFile = temp.resolve("registered.json");
        Files.writeString(eventFile, Json.write(event));

        JarRunner.Result online = clean(aws("enforce", topicArn).run("invoke", "--aws", "--format", "json", eventFile));
        JarRunner.Result offline = clean(offline().env("ECS_GUARD_MODE", "enforce")
            .run("invoke", "--format", "json", eventFile));

        assertExit(1, online);
        JsonNode onlineReport = parseJson(online);
        JsonNode offlineReport = parseJson(offline);
        assertEquals("DEREGISTERED", onlineReport.path("action").path("taken").asText(), online::describe);
        assertEquals("WOULD_DEREGISTER", offlineReport.path("action").path("taken").asText(), offline::describe);
        assertEquals(fieldNames(offlineReport), fieldNames(onlineReport), "the same report schema");
        // Online the live rules look at the account too: every offline finding is there, and maybe more.
        List<String> onlineFindings = findingKeys(assertFindingsShape(onlineReport, online));
        List<String> offlineFindings = findingKeys(assertFindingsShape(offlineReport, offline)).stream()
            .filter(key -> !key.contains(" INFO ")).toList();
        assertTrue(onlineFindings.containsAll(offlineFindings), () -> "offline " + offlineFindings + ", online "
            + onlineFindings);
        assertTrue(onlineFindings.stream().anyMatch(key -> key.endsWith(" github-pat")), "the detector is named");
        assertEquals(1, account.deliveredAlerts().size(), "the alert went out too");
      }
    }

    @Test
    void withoutTopicsTheReportIsPrintedOnce() throws Exception {
      MotoServer.get().reset();
      try (MotoAccount account = new MotoAccount(MotoServer.get())) {
        ObjectNode event = MotoAccount.event(NONCOMPLIANT.getFileName().toString());
        account.registerFrom(event);
        Path eventFile = temp.resolve("registered.json");
        Files.writeString(eventFile, Json.write(event));

        JarRunner.Result result = clean(new JarRunner().withoutAwsFiles().env(MotoServer.get().environment())
            .env("ECS_GUARD_MODE", "audit").run("invoke", "--aws", eventFile));

        assertExit(1, result);
        assertEquals(1, result.stdout().lines().filter(l -> l.startsWith("[ecs-guard] CRITICAL: ")).count(),
            result::describe);
      }
    }

    @Test
    void auditModeReportsButLeavesTheRevisionActive() throws Exception {
      MotoServer.get().reset();
      try (MotoAccount account = new MotoAccount(MotoServer.get())) {
        String topicArn = account.createAlertsTopic();
        ObjectNode event = MotoAccount.event(NONCOMPLIANT.getFileName().toString());
        String arn = account.registerFrom(event);
        Path eventFile = temp.resolve("registered.json");
        Files.writeString(eventFile, Json.write(event));

        JarRunner.Result result = clean(aws("audit", topicArn).run("invoke", "--aws", eventFile));

        assertExit(1, result);
        assertEquals("ACTIVE", account.status(arn));
        List<JsonNode> alerts = account.deliveredAlerts();
        assertEquals(1, alerts.size(), "exactly one alert");
        Canaries.assertNone("the SNS alert", Json.write(alerts.get(0)));
      }
    }

    @Test
    void aBogusModeIsAOneLineConfigurationErrorNamingTheVariable() throws Exception {
      MotoServer.get().reset();
      try (MotoAccount account = new MotoAccount(MotoServer.get())) {
        String topicArn = account.createAlertsTopic();
        ObjectNode event = MotoAccount.event(NONCOMPLIANT.getFileName().toString());
        String arn = account.registerFrom(event);
        Path eventFile = temp.resolve("registered.json");
        Files.writeString(eventFile, Json.write(event));

        JarRunner.Result result = clean(aws("bogus", topicArn).run("invoke", "--aws", eventFile));

        String line = assertOneLineFailure(result);
        assertTrue(line.contains("ECS_GUARD_MODE"), () -> "names the variable: " + line);
        assertTrue(line.contains("bogus"), () -> "quotes the bad value: " + line);
        assertEquals("ACTIVE", account.status(arn), "nothing was done");
        assertEquals(List.of(), account.deliveredAlerts(), "nothing was sent");
      }
    }

    @Test
    void aBogusModeOfflineIsTheSameError() {
      String line = assertOneLineFailure(clean(offline().env("ECS_GUARD_MODE", "bogus").run("invoke", NONCOMPLIANT)));
      assertTrue(line.contains("ECS_GUARD_MODE"), () -> "names the variable: " + line);
    }

    @Test
    void anUnreachableEndpointIsExitTwoWithOneLine() throws Exception {
      int closedPort;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        closedPort = socket.getLocalPort();
      }
      JarRunner.Result result = clean(new JarRunner().withoutAwsFiles().env(MotoServer.get().environment())
          .env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closedPort)
          .env("ECS_GUARD_MODE", "enforce")
          .env("ECS_GUARD_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:ecs-guard-alerts")
          .run("invoke", "--aws", NONCOMPLIANT));

      assertOneLineFailure(result);
    }
  }

  /** Inputs the sender controls: a device, a pipe, deep nesting, a bad setting. One line each, exit 2. */
  @Nested
  class BoundedInput {

    private static final String DEFINITION = "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\","
        + "\"image\":\"nginx:1.25\"}]}";

    @Test
    void aDeviceIsRefusedAtTheCapAndTheOtherFilesAreStillLinted() throws Exception {
      Path good = Files.writeString(temp.resolve("good.json"), DEFINITION);

      JarRunner.Result result = clean(offline().run("lint", "/dev/zero", good));

      assertExit(2, result);
      assertEquals(List.of("ecs-guard: /dev/zero: larger than 10 MiB, not read"), result.stderrLines());
      assertTrue(result.stdout().contains("== " + good), result::describe);
    }

    @Test
    void aPipeIsReadLikeAFile() throws Exception {
      Path fifo = temp.resolve("definition.fifo");
      assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
      Thread writer = new Thread(() -> {
        try {
          Files.writeString(fifo, DEFINITION);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();

      JarRunner.Result result = clean(offline().run("lint", fifo));
      writer.join(10_000);

      assertTrue(result.exitCode() < 2, result::describe);
      assertTrue(result.stdout().contains("== " + fifo), result::describe);
    }

    @Test
    void deepNestingIsOneLine() throws Exception {
      Path deep = Files.writeString(temp.resolve("deep.json"), "[".repeat(100_000));

      String line = assertOneLineFailure(clean(offline().run("lint", deep)));

      assertEquals("ecs-guard: " + deep + ": nested deeper than 100 levels", line);
    }

    @Test
    void aNegativePolicyTtlIsOneLineBeforeAnyAwsCall() {
      JarRunner.Result result = clean(new JarRunner().withoutAwsFiles().env("AWS_REGION", "us-east-1")
          .env("AWS_ACCESS_KEY_ID", "testing").env("AWS_SECRET_ACCESS_KEY", "testing")
          .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
          .env("ECS_GUARD_POLICY_TTL_SECONDS", "-5").run("invoke", "--aws", COMPLIANT));

      String line = assertOneLineFailure(result);
      assertTrue(line.startsWith("ecs-guard: ECS_GUARD_POLICY_TTL_SECONDS: '-5'"), line);
    }
  }

  @Nested
  class Rules {

    private static final Pattern RULE_ID = Pattern.compile(
        "^([a-z0-9]+(?:-[a-z0-9]+)+)\\s+(?:baseline|restricted)\\s+(CRITICAL|HIGH|MEDIUM|LOW|INFO)\\s",
        Pattern.MULTILINE);

    @Test
    void listsAtLeastThirteenRules() {
      JarRunner.Result result = clean(offline().run("rules"));

      assertExit(0, result);
      Set<String> ids = new TreeSet<>();
      Matcher matcher = RULE_ID.matcher(result.stdout());
      while (matcher.find()) {
        ids.add(matcher.group(1));
      }
      assertTrue(ids.size() >= 13, () -> ids.size() + " rule ids: " + ids);
      assertTrue(ids.containsAll(NONCOMPLIANT_RULES), () -> "ids: " + ids);
      assertTrue(ids.contains("no-secrets-in-run-overrides"), () -> "ids: " + ids);
    }

    @Test
    void markdownStartsWithATableHeader() {
      JarRunner.Result result = clean(offline().run("rules", "--format", "markdown"));

      assertExit(0, result);
      List<String> lines = result.stdout().lines().toList();
      assertTrue(lines.size() >= 15, () -> result.describe());
      assertTrue(lines.get(0).startsWith("| id |"), () -> "header: " + lines.get(0));
      assertTrue(lines.get(1).matches("^\\|(-+\\|)+$"), () -> "separator: " + lines.get(1));
    }

    @Test
    void jsonListsTheSameRules() {
      JarRunner.Result text = clean(offline().run("rules"));
      JarRunner.Result json = clean(offline().run("rules", "--format", "json"));

      assertExit(0, json);
      JsonNode rules = parseJson(json);
      assertTrue(rules.isArray() && rules.size() >= 13, () -> json.describe());
      for (JsonNode rule : rules) {
        assertTrue(text.stdout().contains(rule.path("id").asText()), "text lists " + rule.path("id").asText());
      }
    }

    @Test
    void anUnknownFormatIsAOneLineUsageError() {
      assertOneLineFailure(clean(offline().run("rules", "--format", "yaml")));
    }
  }

  @Test
  void helpAndVersionExitZero() {
    JarRunner.Result help = clean(offline().run("--help"));
    assertExit(0, help);
    assertTrue(help.stdout().contains("lint") && help.stdout().contains("invoke") && help.stdout().contains("rules"),
        () -> help.describe());
    JarRunner.Result version = clean(offline().run("--version"));
    assertExit(0, version);
    // The pom's version and the commit the jar was built from (the build runs in a git checkout).
    assertTrue(version.stdout().matches("(?s)ecs-guard \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{7}.*\\)\\s*"),
        version::describe);
    JarRunner.Result helpCommand = clean(offline().run("help", "lint"));
    assertExit(0, helpCommand);
    assertTrue(helpCommand.stdout().contains("Usage: ecs-guard lint"), helpCommand::describe);
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    JarRunner.Result result = clean(offline().run("frobnicate"));
    assertExit(2, result);
    assertFalse(result.stderr().isBlank(), () -> result.describe());
  }
}
