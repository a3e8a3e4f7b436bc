package dev.ecsguard.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.JarRunner;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * target/ecs-guard.jar is the shaded jar with the unused parts of the AWS SDK service modules removed by ProGuard
 * (src/build/shrink-services.pro). This proves the shrunk jar, not target/classes:
 *
 * <ul>
 *   <li>it keeps exactly the operations the code declares it calls (the IAM actions the template grants), plus the
 *       one each SDK warm-up provider calls; a new SDK call fails here until it is declared and exercised below;
 *   <li>every one of those operations is called through the jar ({@code invoke --aws}, a separate JVM) against
 *       moto, behind a proxy that records each call, and its answer is understood (no "could not verify");
 *   <li>AWS error responses reach the jar's code as their modeled exception classes (IAM NoSuchEntityException,
 *       Secrets Manager ResourceNotFoundException, ECR RepositoryNotFoundException) and an access denial as one;
 *   <li>nothing outside software/amazon/awssdk/services/ differs from the shaded jar, ServiceLoader entries resolve,
 *       the manifest is the same, and the jar is at most 31 MB.
 * </ul>
 */
@ExtendWith(MotoServer.Extension.class)
class ShrunkJarIT {

  static final Path UNSHRUNK = Path.of("target", "ecs-guard-unshrunk.jar");
  // 30 MB until issue 16 added the STS client (member accounts) and the SARIF object model (about 0.3 MB together).
  static final long MAX_BYTES = 31_000_000;
  static final String SERVICES = "software/amazon/awssdk/services/";

  /** Each IAM prefix and the client implementation whose public operations the jar keeps. */
  static final Map<String, String> CLIENTS = Map.of(
      "ecs", "software.amazon.awssdk.services.ecs.DefaultEcsClient",
      "sns", "software.amazon.awssdk.services.sns.DefaultSnsClient",
      "ssm", "software.amazon.awssdk.services.ssm.DefaultSsmClient",
      "logs", "software.amazon.awssdk.services.cloudwatchlogs.DefaultCloudWatchLogsClient",
      "ecr", "software.amazon.awssdk.services.ecr.DefaultEcrClient",
      "iam", "software.amazon.awssdk.services.iam.DefaultIamClient",
      "ec2", "software.amazon.awssdk.services.ec2.DefaultEc2Client",
      "secretsmanager", "software.amazon.awssdk.services.secretsmanager.DefaultSecretsManagerClient",
      "dynamodb", "software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient",
      "sqs", "software.amazon.awssdk.services.sqs.DefaultSqsClient");

  /**
   * The operation each service's SdkWarmUpProvider (META-INF/services, kept for the SDK's SdkWarmUp) calls on a
   * canned response. ecs-guard does not call them; they are kept, not proven against moto.
   */
  static final Set<String> WARM_UP = Set.of("ecs:ListAccountSettings", "sns:ListPhoneNumbersOptedOut",
      "ssm:ListAssociations", "logs:DescribeDestinations", "ecr:DescribeRepositories", "iam:ListAccessKeys",
      "ec2:DescribeAccountAttributes", "secretsmanager:ListSecrets", "dynamodb:ListBackups", "sqs:ListQueues");

  /**
   * Operations the SDK itself may call: DynamoDB's client keeps DescribeEndpoints for endpoint discovery, which
   * ecs-guard does not turn on.
   */
  static final Set<String> SDK_INTERNAL = Set.of("dynamodb:DescribeEndpoints");

  @TempDir Path temp;

  /** What the code declares it calls: the same lists the template's grants are checked against. */
  static Set<String> declaredCalls() {
    Set<String> actions = new TreeSet<>();
    actions.addAll(dev.ecsguard.resolve.EcsTaskDefinitionSource.PERMISSIONS);
    actions.addAll(dev.ecsguard.enforce.DeregisterEnforcer.PERMISSIONS);
    actions.addAll(dev.ecsguard.policy.SsmPolicyProvider.PERMISSIONS);
    actions.addAll(dev.ecsguard.facts.aws.AwsFacts.PERMISSIONS);
    actions.addAll(dev.ecsguard.notify.SnsNotifier.PERMISSIONS);
    actions.addAll(dev.ecsguard.state.StateStore.PERMISSIONS);
    actions.addAll(dev.ecsguard.inventory.InventorySweep.PERMISSIONS);
    actions.addAll(dev.ecsguard.scan.RevisionScan.PERMISSIONS);
    actions.addAll(dev.ecsguard.cli.ReplayCommand.PERMISSIONS);
    return actions;
  }

  /** The operations the shrunk jar's clients still implement, as IAM actions. */
  static Set<String> keptOperations(Path jar) throws Exception {
    Set<String> kept = new TreeSet<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (Map.Entry<String, String> client : CLIENTS.entrySet()) {
        for (Method method : Class.forName(client.getValue(), false, loader).getDeclaredMethods()) {
          Class<?>[] parameters = method.getParameterTypes();
          if (Modifier.isPublic(method.getModifiers()) && !method.isBridge() && parameters.length == 1
              && parameters[0].getName().endsWith("Request")) {
            kept.add(client.getKey() + ":" + Character.toUpperCase(method.getName().charAt(0))
                + method.getName().substring(1));
          }
        }
      }
    }
    return kept;
  }

  @Test
  void keepsExactlyTheOperationsTheCodeDeclaresPlusTheWarmUpOnes() throws Exception {
    Set<String> expected = new TreeSet<>(declaredCalls());
    expected.addAll(WARM_UP);
    expected.addAll(SDK_INTERNAL);

    Set<String> kept = keptOperations(JarRunner.JAR);

    assertEquals(expected, kept, """
        the operations target/ecs-guard.jar keeps differ from those the code declares. ProGuard keeps whatever \
        dev.ecsguard code calls, so a new SDK call shows up here first: add its IAM action to the PERMISSIONS list \
        of the class that calls it (the template test then asks for the grant in template.yaml) and make \
        ShrunkJarIT.everyKeptOperationIsCalledThroughTheJarAndAnswered call it through the jar.""");
    assertTrue(keptOperations(UNSHRUNK).size() > 1000, "the unshrunk jar has every operation (sanity check)");
  }

  @Test
  void outsideTheServiceModulesTheJarIsTheShadedJarByteForByte() throws IOException {
    Map<String, Long> shaded = crcs(UNSHRUNK);
    Map<String, Long> shrunk = crcs(JarRunner.JAR);
    Map<String, Long> shadedOutside = new LinkedHashMap<>(shaded);
    shadedOutside.keySet().removeIf(name -> name.startsWith(SERVICES));
    Map<String, Long> shrunkOutside = new LinkedHashMap<>(shrunk);
    shrunkOutside.keySet().removeIf(name -> name.startsWith(SERVICES));

    assertEquals(shadedOutside, shrunkOutside, "entries (and their CRC-32) outside " + SERVICES);
    List<String> added = shrunk.keySet().stream().filter(name -> !shaded.containsKey(name)).toList();
    assertEquals(List.of(), added, "the shrunk jar only removes");
    // Every modeled exception class stays (the error unmarshallers are registered with all of them). DynamoDB's
    // FailureException is a structure named like one (the failure detail of an export), not an error shape.
    List<String> exceptions = shaded.keySet().stream()
        .filter(name -> name.startsWith(SERVICES) && name.matches(".*/model/[A-Za-z0-9]+Exception\\.class"))
        .filter(name -> !name.equals(SERVICES + "dynamodb/model/FailureException.class"))
        .filter(name -> !shrunk.containsKey(name)).toList();
    assertEquals(List.of(), exceptions, "modeled exception classes removed");
  }

  @Test
  void manifestServiceLoaderEntriesAndSize() throws IOException {
    try (JarFile jar = new JarFile(JarRunner.JAR.toFile()); JarFile shaded = new JarFile(UNSHRUNK.toFile())) {
      assertEquals("META-INF/MANIFEST.MF", jar.entries().nextElement().getName(), "the manifest comes first");
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.ecsguard.cli.EcsGuardCli", main.getValue("Main-Class"));
      assertEquals(shaded.getManifest(), jar.getManifest());
      List<String> missing = new ArrayList<>();
      for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith("META-INF/services/")
          && !e.isDirectory()).toList()) {
        String listing = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        listing.lines().map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty())
            .filter(name -> jar.getEntry(name.replace('.', '/') + ".class") == null)
            .forEach(name -> missing.add(entry.getName() + " -> " + name));
      }
      assertEquals(List.of(), missing, "ServiceLoader entries naming a class the jar lacks");
    }
    long size = Files.size(JarRunner.JAR);
    assertTrue(size <= MAX_BYTES, "target/ecs-guard.jar is " + size + " bytes, more than " + MAX_BYTES);
  }

  private static Map<String, Long> crcs(Path jar) throws IOException {
    Map<String, Long> crcs = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().filter(e -> !e.isDirectory()).forEach(e -> crcs.put(e.getName(), e.getCrc()));
    }
    return crcs;
  }

  // ------------------------------------------------------------------------------------------------ through moto

  private JarRunner jar(FaultProxy proxy) {
    return new JarRunner().withoutAwsFiles().env(MotoServer.get().environment())
        .env("AWS_ENDPOINT_URL", proxy.endpoint().toString());
  }

  private Path file(String name, JsonNode event) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, Json.write(event));
    return file;
  }

  /**
   * The event with its first container made privileged: a HIGH finding, so that an alert is published and carries
   * every finding, the INFO notes ("could not verify: …") included. With --aws the findings reach only SNS.
   */
  private static ObjectNode privileged(ObjectNode event) {
    ((ObjectNode) event.path("detail").path("requestParameters").path("containerDefinitions").get(0))
        .put("privileged", true);
    return event;
  }

  /** The one alert delivered since the last call: its message text. */
  private static String onlyAlert(MotoAccount account, JarRunner.Result result) throws IOException {
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size(), () -> "one alert: " + result.describe());
    return alerts.get(0).path("Message").asText();
  }

  private static JarRunner.Result clean(JarRunner.Result result) {
    assertFalse(result.timedOut(), () -> "timed out: " + result.describe());
    assertFalse(result.hasStackTrace(), () -> "a stack trace: " + result.describe());
    Canaries.assertNone("stdout", result.stdout());
    Canaries.assertNone("stderr", result.stderr());
    return result;
  }

  @Test
  void everyKeptOperationIsCalledThroughTheJarAndAnswered() throws Exception {
    MotoServer moto = MotoServer.get();
    moto.reset();
    try (MotoAccount account = new MotoAccount(moto); FaultProxy proxy = new FaultProxy(moto.endpoint());
        SsmClient ssm = SsmClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
            .credentialsProvider(moto.credentials()).build()) {
      String topicArn = account.createAlertsTopic();
      account.createSampleLogGroupsAndImages();
      account.createSampleRolesAndSecrets();
      ssm.putParameter(r -> r.name("/ecs-guard/policy").type(ParameterType.STRING).value("mode: enforce\n"));
      Map<String, String> state = account.stateTable();
      JarRunner enforce = jar(proxy).env("ECS_GUARD_MODE", "enforce").env("ECS_GUARD_TOPIC_ARN", topicArn)
          .env("ECS_GUARD_POLICY_PARAMETER", "/ecs-guard/policy").env("ECS_GUARD_RUN_TASK_ACTION", "stop")
          .env("ECS_GUARD_STATE_TABLE", state.get("ECS_GUARD_STATE_TABLE"));

      // 0. The task role inventory's first sweep (ECS families and their roles into the state table).
      JarRunner.Result swept = clean(enforce.run("inventory", "--aws", "--account", MotoServer.ACCOUNT));
      assertEquals(0, swept.exitCode(), swept::describe);

      // 1. The compliant registration: the policy from SSM, then every account lookup (logs, ECR, IAM roles and
      //    policies, Secrets Manager and SSM parameter metadata, the ECS family inventory), each answered.
      //    Made privileged so that the alert lists every finding: none may be a "could not verify".
      ObjectNode compliant = privileged(MotoAccount.event("register-task-definition.json"));
      account.registerFrom(compliant);
      JarRunner.Result first = clean(enforce.run("invoke", "--aws", file("compliant.json", compliant)));
      assertEquals(1, first.exitCode(), first::describe);
      String alert = onlyAlert(account, first);
      assertTrue(alert.contains("disallow-privileged"), alert);
      assertFalse(alert.contains("could not verify"), () -> "every lookup answered: " + alert);

      // 2. The non-compliant one in enforce mode: the safety valve's count, the marker tag, deregistration, the alert.
      ObjectNode noncompliant = MotoAccount.event("register-task-definition-noncompliant.json");
      String arn = account.registerFrom(noncompliant);
      JarRunner.Result second = clean(enforce.run("invoke", "--aws", file("noncompliant.json", noncompliant)));
      assertEquals(1, second.exitCode(), second::describe);
      assertEquals("INACTIVE", account.status(arn), second::describe);
      assertEquals(1, account.deliveredAlerts().size(), "one alert");

      // 3. A Fargate RunTask with a credential in its overrides: the subnet's route tables, VPC and endpoints, then
      //    the started task is stopped.
      MotoAccount.FargateRun fargate = account.startFargateTask();
      account.deliveredAlerts();
      JarRunner.Result third = clean(enforce.run("invoke", "--aws", file("run-task.json", fargate.event())));
      assertEquals(1, third.exitCode(), third::describe);
      assertEquals("STOPPED", account.ecs().describeTasks(r -> r.cluster("prod").tasks(fargate.taskArn())).tasks()
          .get(0).lastStatus(), third::describe);
      String runAlert = onlyAlert(account, third);
      assertFalse(runAlert.contains("could not verify"), () -> "the subnet lookups answered: " + runAlert);

      // 4. A sweep again: legacy-worker, deregistered by step 2 with no event seen, is forgotten (DeleteItem).
      JarRunner.Result resweep = clean(enforce.run("inventory", "--aws", "--account", MotoServer.ACCOUNT));
      assertEquals(0, resweep.exitCode(), resweep::describe);

      // 4b. A scan of every ACTIVE revision (the paginated listings), reporting only: the Fargate task's compliant
      //     revision is the one left ACTIVE (steps 1 and 2 deregistered theirs).
      JarRunner.Result scanned = clean(enforce.run("scan", "--aws", "--all-revisions", "--format", "json"));
      assertEquals(0, scanned.exitCode(), scanned::describe);
      assertTrue(scanned.stdout().contains("\"revisions\" : 1,"), scanned::describe);

      // 5. The dead-letter queue replayed: an event EventBridge could not deliver, through the same pipeline.
      try (SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
          .credentialsProvider(moto.credentials()).build()) {
        String queue = sqs.createQueue(r -> r.queueName("ecs-guard-dead-letters")).queueUrl();
        ObjectNode dead = MotoAccount.event("register-task-definition.json");
        account.registerFrom(dead);
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(Json.write(dead)));
        JarRunner.Result replayed = clean(enforce.env("ECS_GUARD_MODE", "audit").run("replay", "--queue-url", queue,
            "--wait", "0", "--region", MotoServer.REGION));
        assertEquals(0, replayed.exitCode(), replayed::describe);
      }

      Set<String> notCalled = new TreeSet<>(declaredCalls());
      notCalled.removeAll(proxy.actionsCalled());
      assertEquals(Set.of(), notCalled, "operations the jar keeps that no run above called through it (called: "
          + new TreeSet<>(proxy.actionsCalled()) + ")");
    }
  }

  @Test
  void errorResponsesReachTheCodeAsTheirModeledExceptions() throws Exception {
    MotoServer moto = MotoServer.get();
    moto.reset();
    try (MotoAccount account = new MotoAccount(moto); FaultProxy proxy = new FaultProxy(moto.endpoint());
        IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
            .credentialsProvider(moto.credentials()).build();
        SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION)).credentialsProvider(moto.credentials()).build()) {
      String topicArn = account.createAlertsTopic();
      // The sample's roles and secret, less the task role and the secret, and no images: moto answers GetRole with
      // NoSuchEntity, DescribeSecret (asked because the execution role reads it) with ResourceNotFoundException and
      // DescribeImages with RepositoryNotFoundException; the proxy denies the log group lookup.
      account.createSampleRolesAndSecrets();
      iam.deleteRolePolicy(r -> r.roleName("payments-api-task").policyName("receipts"));
      iam.deleteRole(r -> r.roleName("payments-api-task"));
      secrets.deleteSecret(r -> r.secretId("payments/db-AbCdEf").forceDeleteWithoutRecovery(true));
      proxy.fail("DescribeLogGroups", FaultProxy.Fault.ecs(400, "AccessDeniedException"));
      ObjectNode compliant = privileged(MotoAccount.event("register-task-definition.json"));
      account.registerFrom(compliant);

      JarRunner.Result result = clean(jar(proxy).env("ECS_GUARD_MODE", "audit").env("ECS_GUARD_TOPIC_ARN", topicArn)
          .run("invoke", "--aws", file("compliant.json", compliant)));

      String out = onlyAlert(account, result);
      // Each phrase is what the lookup says only when the error arrived as that exception class (RoleLookup,
      // SecretLookup, ImageLookup test instanceof); an unrecognized error would read "<code> (HTTP 4xx) (failed)".
      for (String phrase : List.of(
          "no role named payments-api-task in this account (not applicable)",   // iam NoSuchEntityException
          "does not exist in us-east-1 (not applicable)",                      // secretsmanager ResourceNotFound
          ": not found (not applicable)",                                       // ecr RepositoryNotFoundException
          "(access denied), needs logs:DescribeLogGroups")) {                   // an AccessDeniedException
        assertTrue(out.contains(phrase), () -> "\"" + phrase + "\" in the alert: " + out);
      }
      assertFalse(out.contains("(HTTP 4"), () -> "an error that was not recognized: " + out);
      Set<String> called = proxy.actionsCalled();
      for (String action : List.of("iam:GetRole", "secretsmanager:DescribeSecret", "ecr:DescribeImages",
          "logs:DescribeLogGroups")) {
        assertTrue(called.contains(action), () -> action + " was called: " + called);
      }
    }
  }

}
