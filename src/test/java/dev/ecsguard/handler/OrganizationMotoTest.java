package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.MemberAccessException;
import dev.ecsguard.aws.MemberRoleClients;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The organization deployment against moto, two accounts and two regions: the central function runs as account A in
 * us-east-1; member account B registers a privileged definition in eu-west-1; the event reaches the central handler,
 * which assumes B's member role and deregisters the revision in B's eu-west-1, and the alert names B and eu-west-1.
 *
 * <p>A private moto server with IAM enforcement on (moto's {@code reset-auth}): every call is signed with real keys
 * of users and roles made in moto and checked against their policies. The member role gets the member template's
 * actions ({@code templates/member.yaml}); the central user may assume the member role in B only. moto evaluates a
 * role's trust policy only when the role is in the caller's own account ({@code moto/iam/access_control.py},
 * {@code _is_assuming_role_operation}), so account C's refusal comes from the caller's side: STS answers AccessDenied
 * to AssumeRole, exactly the answer a trust policy that does not name the central role gives.
 */
class OrganizationMotoTest {

  static final String CENTRAL = "111111111111";
  static final String MEMBER = "222222222222";
  static final String UNTRUSTING = "333333333333";
  static final String HOME = "us-east-1";
  static final String MEMBER_REGION = "eu-west-1";
  static final String ROLE = "ecs-guard-member";

  static MotoServer moto;
  static StaticCredentialsProvider centralUser;
  static StaticCredentialsProvider centralObserver;
  static StaticCredentialsProvider memberObserver;
  static String topicArn;
  static String queueUrl;

  @BeforeAll
  static void organization() throws Exception {
    moto = MotoServer.start();
    // Set up with IAM enforcement off, each account named by moto's x-moto-account-id header.
    try (IamClient iamA = iam(CENTRAL); IamClient iamB = iam(MEMBER); SnsClient sns = sns(CENTRAL);
        SqsClient sqs = sqs(CENTRAL)) {
      centralUser = user(iamA, "ecs-guard-central", """
          {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::%s:role/%s"},
            {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}""".formatted(MEMBER, ROLE));
      centralObserver = user(iamA, "observer", ALL);
      memberObserver = user(iamB, "observer", ALL);
      iamB.createRole(r -> r.roleName(ROLE).assumeRolePolicyDocument(memberTrust()));
      String memberPolicy = memberPolicy();
      iamB.putRolePolicy(r -> r.roleName(ROLE).policyName("ecs-guard").policyDocument(memberPolicy));
      topicArn = sns.createTopic(r -> r.name("ecs-guard-alerts")).topicArn();
      queueUrl = sqs.createQueue(r -> r.queueName("alerts-inbox")).queueUrl();
      String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }
    enforceIam();
  }

  @AfterAll
  static void stop() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void aMemberAccountsRevisionInAnotherRegionIsDeregisteredThroughItsRoleAndTheAlertNamesBoth() throws Exception {
    String first = registerPrivileged(MEMBER, MEMBER_REGION);
    String second = registerPrivileged(MEMBER, MEMBER_REGION);
    try (AwsClients clients = new AwsClients(moto.endpoint(), centralUser);
        MemberRoleClients accounts = new MemberRoleClients(clients, ROLE, HOME, 8)) {
      CapturedLog log = new CapturedLog();
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      GuardHandler handler = new GuardHandler(PipelineFactory.forAws(centralEnvironment(), clients, accounts, log,
          new PrintStream(printed, true, StandardCharsets.UTF_8)));

      JsonNode result = handle(handler, event(MEMBER, MEMBER_REGION, first));
      assertEquals("EVALUATED", result.path("status").asText(), result::toString);
      assertEquals("DEREGISTERED", result.path("action").asText(), result::toString);
      assertEquals("INACTIVE", memberStatus(first, MEMBER_REGION));

      // The alert text (printed: no topic is set here) names the member account and its region.
      String text = printed.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("in account " + MEMBER + ", region " + MEMBER_REGION), text);

      // One set of clients for account B, made once (one role session); the event's describe, facts and enforcement
      // took it from the cache.
      MemberRoleClients.Usage afterFirst = accounts.usage();
      assertEquals(1, afterFirst.built(), afterFirst.toString());
      assertEquals(1, afterFirst.cached(), afterFirst.toString());
      assertTrue(afterFirst.reused() >= 2, afterFirst.toString());
      // A second event from the same account and region: no new session.
      JsonNode again = handle(handler, event(MEMBER, MEMBER_REGION, second));
      assertEquals("DEREGISTERED", again.path("action").asText(), again::toString);
      assertEquals("INACTIVE", memberStatus(second, MEMBER_REGION));
      assertEquals(1, accounts.usage().built(), "one role session for account B: " + accounts.usage());
      assertTrue(accounts.usage().reused() > afterFirst.reused(), accounts.usage().toString());
    }
  }

  @Test
  void anAccountWhoseRoleCannotBeAssumedFailsTheEventWithoutAction() throws Exception {
    try (AwsClients clients = new AwsClients(moto.endpoint(), centralUser);
        MemberRoleClients accounts = new MemberRoleClients(clients, ROLE, HOME, 8)) {
      CapturedLog log = new CapturedLog();
      GuardHandler handler = new GuardHandler(PipelineFactory.forAws(centralEnvironment(), clients, accounts, log,
          new PrintStream(new ByteArrayOutputStream())));
      String arn = "arn:aws:ecs:" + MEMBER_REGION + ":" + UNTRUSTING + ":task-definition/org-web:1";

      MemberAccessException failure = assertThrows(MemberAccessException.class,
          () -> handle(handler, event(UNTRUSTING, MEMBER_REGION, arn)));

      assertEquals(UNTRUSTING, failure.account());
      assertTrue(failure.getMessage().contains("arn:aws:iam::" + UNTRUSTING + ":role/" + ROLE), failure.getMessage());
      // moto's STS error body carries no code the SDK reads; AWS's says AccessDenied. The status is the same.
      assertTrue(failure.getMessage().contains("(HTTP 403)"), failure.getMessage());
      assertTrue(failure.getMessage().endsWith("nothing was done"), failure.getMessage());
      assertEquals(0, accounts.usage().cached(), "a refusal is not cached: " + accounts.usage());
      assertTrue(log.lines().stream().noneMatch(l -> l.contains("\"evaluated\"")), log.all());
    }
  }

  @Test
  void theCacheIsBoundedAndTheFunctionsOwnAccountUsesItsOwnClients() throws Exception {
    try (AwsClients clients = new AwsClients(moto.endpoint(), centralUser);
        MemberRoleClients accounts = new MemberRoleClients(clients, ROLE, HOME, 1)) {
      assertEquals(CENTRAL, accounts.ownAccount());
      assertTrue(accounts.in(CENTRAL) == clients, "the function's own account needs no role");
      AwsClients member = accounts.in(MEMBER);
      assertTrue(accounts.in(MEMBER) == member);
      assertEquals(new MemberRoleClients.Usage(1, 1, 1), accounts.usage());
      // The member's clients act in B: they see B's definitions, which A's do not.
      String arn = registerPrivileged(MEMBER, HOME);
      assertEquals("ACTIVE", member.ecs(HOME).describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition()
          .statusAsString());
      assertThrows(MemberAccessException.class, () -> accounts.in("12345"));
    }
  }

  // ------------------------------------------------------------------------------------------------ moto setup

  private static final String ALL = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""";

  /** The member template's trust: the central account, only its function's role (moto does not evaluate it). */
  private static String memberTrust() {
    return """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
          "Principal": {"AWS": "arn:aws:iam::%s:root"},
          "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::%s:user/ecs-guard-central"}}}]}"""
        .formatted(CENTRAL, CENTRAL);
  }

  /**
   * The member template's actions, on every resource: moto matches a policy's resources against "*" for ECS and the
   * other JSON services, so the template's narrower resources would never match here (cfn-lint and TemplateLintTest
   * check those).
   */
  private static String memberPolicy() throws IOException {
    List<String> actions = new ArrayList<>(dev.ecsguard.template.MemberTemplate.memberRoleActions());
    return Json.write(Map.of("Version", "2012-10-17", "Statement", List.of(
        Map.of("Effect", "Allow", "Action", actions, "Resource", "*"))));
  }

  private static StaticCredentialsProvider user(IamClient iam, String name, String policy) {
    iam.createUser(r -> r.userName(name));
    iam.putUserPolicy(r -> r.userName(name).policyName("access").policyDocument(policy));
    AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
  }

  private static IamClient iam(String account) {
    return IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
        .credentialsProvider(moto.credentials())
        .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account)).build();
  }

  private static SnsClient sns(String account) {
    return SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(HOME))
        .credentialsProvider(moto.credentials())
        .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account)).build();
  }

  private static SqsClient sqs(String account) {
    return SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(HOME))
        .credentialsProvider(moto.credentials())
        .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account)).build();
  }

  /** From now on moto checks every request's signature and the caller's policies. */
  private static void enforceIam() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(moto.endpoint() + "/moto-api/reset-auth")
        .openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    // Not form-encoded: moto reads the raw body, which a form content type would leave empty.
    connection.setRequestProperty("Content-Type", "text/plain");
    connection.getOutputStream().write("0".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, connection.getResponseCode());
  }

  /** A definition with a privileged container (a baseline HIGH finding), registered by B's observer. */
  private static String registerPrivileged(String account, String region) {
    assertEquals(MEMBER, account);
    try (EcsClient ecs = EcsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
        .credentialsProvider(memberObserver).build()) {
      return ecs.registerTaskDefinition(r -> r.family("org-web").networkMode("awsvpc")
          .requiresCompatibilities(software.amazon.awssdk.services.ecs.model.Compatibility.EC2)
          .containerDefinitions(c -> c.name("web").image("public.ecr.aws/nginx/nginx:1.27").memory(512)
              .privileged(true).essential(true)))
          .taskDefinition().taskDefinitionArn();
    }
  }

  private static String memberStatus(String arn, String region) {
    try (EcsClient ecs = EcsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
        .credentialsProvider(memberObserver).build()) {
      return ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition().statusAsString();
    }
  }

  private static Map<String, String> centralEnvironment() {
    return Map.of("AWS_REGION", HOME, "ECS_GUARD_MODE", "enforce", "ECS_GUARD_METRICS", "off",
        MemberRoleClients.ROLE_NAME, ROLE);
  }

  /** The sample registration event, as forwarded from {@code account} and {@code region}, naming {@code arn}. */
  private static byte[] event(String account, String region, String arn) throws IOException {
    String text = Files.readString(Path.of("events", "register-task-definition-noncompliant.json"))
        .replace(MotoServer.ACCOUNT, account).replace("us-east-1", region);
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(text);
    String id = java.util.UUID.randomUUID().toString();
    event.put("id", id);
    ((ObjectNode) event.path("detail")).put("eventID", id);
    ((ObjectNode) event.path("detail").path("responseElements").path("taskDefinition"))
        .put("taskDefinitionArn", arn).put("revision", Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1)));
    return Json.write(event).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode handle(GuardHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static JsonNode onlyAlert(CapturedLog log) throws IOException {
    List<JsonNode> delivered = alerts();
    assertEquals(1, delivered.size(), () -> "one alert: " + delivered + "; log: " + log.all());
    return delivered.get(0);
  }

  private static List<JsonNode> alerts() throws IOException {
    try (SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(HOME))
        .credentialsProvider(centralObserver).build()) {
      return dev.ecsguard.testing.MotoAccount.drain(sqs, queueUrl);
    }
  }
}
