package dev.ecsguard.facts.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.ecsguard.facts.Budget;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.SdkJson;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.iam.Decision;
import dev.ecsguard.facts.iam.IamPolicyEvaluator;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Engine;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.iam.TaskRoleNotAdmin;
import dev.ecsguard.rule.logging.AwslogsCreateGroupAllowed;
import dev.ecsguard.rule.secrets.SecretsReadableByExecutionRole;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Fault;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The role and secret lookups against a real emulated account: roles with AdministratorAccess, the managed
 * execution policy, customer-managed and inline policies, an explicit Deny and a permissions boundary; secrets in
 * Secrets Manager and SSM with and without a customer KMS key. Then the three rules on definitions registered in
 * moto's ECS, and the degraded paths through a proxy: throttled, access denied, a lookup that times out, a spent
 * budget. Every lookup goes through the proxy, so the AWS calls per event are counted where they are made.
 */
@ExtendWith(MotoServer.Extension.class)
class RoleAndSecretLookupMotoTest {

  private static final String ACCOUNT = MotoServer.ACCOUNT;
  private static final String REGION = MotoServer.REGION;
  private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  private static final String EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static MotoServer moto;
  private static MotoAccount account;
  private static String keyArn;
  private static String dbSecret;
  private static String apiSecret;
  private FaultProxy proxy;
  private AwsClients clients;
  private FactCache cache;

  /**
   * One account for the whole class, read-only afterwards: a reset makes moto load its AWS-managed policies again
   * on the next IAM call, seconds each time.
   */
  @BeforeAll
  static void createAccount() throws Exception {
    moto = MotoServer.get();
    moto.reset();
    account = new MotoAccount(moto);
    try (IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
            .credentialsProvider(moto.credentials()).build();
        SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
            .region(Region.of(REGION)).credentialsProvider(moto.credentials()).build();
        SsmClient ssm = SsmClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
            .credentialsProvider(moto.credentials()).build()) {
      keyArn = createKmsKey();
      role(iam, "web-task", null);
      iam.attachRolePolicy(r -> r.roleName("web-task").policyArn(ADMIN));

      role(iam, "narrow-execution", null);
      inline(iam, "narrow-execution", "logs",
          statement("Allow", "[\"logs:CreateLogStream\", \"logs:PutLogEvents\"]", "*"));

      role(iam, "web-execution", null);
      iam.attachRolePolicy(r -> r.roleName("web-execution").policyArn(EXECUTION_POLICY));
      String readProd = iam.createPolicy(r -> r.policyName("read-prod-secrets").policyDocument(document(
          statement("Allow", "\"secretsmanager:GetSecretValue\"",
              "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:prod/*"),
          statement("Allow", "\"ssm:GetParameters\"", "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter/prod/*"))))
          .policy().arn();
      iam.attachRolePolicy(r -> r.roleName("web-execution").policyArn(readProd));
      inline(iam, "web-execution", "create-log-groups", statement("Allow", "\"logs:CreateLogGroup\"",
          "arn:aws:logs:*:*:log-group:/ecs/*:*"));

      role(iam, "typical-execution", null);
      iam.attachRolePolicy(r -> r.roleName("typical-execution").policyArn(EXECUTION_POLICY));
      inline(iam, "typical-execution", "secrets", statement("Allow",
          "[\"secretsmanager:GetSecretValue\", \"ssm:GetParameters\"]", "*"));

      role(iam, "denying-execution", null);
      inline(iam, "denying-execution", "read-everything", statement("Allow",
          "[\"secretsmanager:GetSecretValue\", \"ssm:GetParameters\", \"kms:Decrypt\"]", "*"));
      inline(iam, "denying-execution", "no-secrets-manager",
          statement("Deny", "\"secretsmanager:GetSecretValue\"", "*"));

      String boundary = iam.createPolicy(r -> r.policyName("Boundary").policyDocument(document(
          statement("Allow", "\"s3:*\"", "*")))).policy().arn();
      role(iam, "bounded-task", boundary);
      iam.attachRolePolicy(r -> r.roleName("bounded-task").policyArn(ADMIN));

      dbSecret = secrets.createSecret(r -> r.name("prod/db").secretString("not-a-real-password")).arn();
      apiSecret = secrets.createSecret(r -> r.name("prod/api").secretString("not-a-real-key").kmsKeyId(keyArn)).arn();
      ssm.putParameter(r -> r.name("/prod/web/token").value("v").type(ParameterType.SECURE_STRING));
      ssm.putParameter(r -> r.name("/prod/web/signing").value("v").type(ParameterType.SECURE_STRING).keyId(keyArn));
      ssm.putParameter(r -> r.name("/prod/web/region").value("us-east-1").type(ParameterType.STRING));
    }
  }

  @AfterAll
  static void closeAccount() {
    account.close();
  }

  /** A fresh proxy (its call counts), clients and cache: each test is a cold execution environment. */
  @BeforeEach
  void setUp() throws Exception {
    proxy = new FaultProxy(moto.endpoint());
    clients = new AwsClients(proxy.endpoint(), moto.credentials());
    cache = new FactCache(Duration.ofMinutes(5), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    clients.close();
    proxy.close();
  }

  // ---- the lookups

  @Test
  void readsManagedCustomerManagedAndInlinePolicies() {
    RolePolicies policies = known(facts().rolePolicies(roleArn("web-execution")));

    assertEquals(roleArn("web-execution"), policies.roleArn());
    assertEquals(List.of(EXECUTION_POLICY, "arn:aws:iam::" + ACCOUNT + ":policy/read-prod-secrets"),
        policies.attachedPolicyArns());
    assertEquals(3, policies.documents().size(), "two managed policies' default versions and one inline policy");
    assertEquals(null, policies.permissionsBoundary());
    IamPolicyEvaluator evaluator = IamPolicyEvaluator.of(policies);
    assertEquals(Decision.Outcome.ALLOWED, evaluator.evaluate("logs:PutLogEvents", "arn:aws:logs:us-east-1:"
        + ACCOUNT + ":log-group:/ecs/web:log-stream:x").outcome(), "from the AWS-managed execution policy");
    assertEquals(Decision.Outcome.ALLOWED, evaluator.evaluate("secretsmanager:GetSecretValue", dbSecret).outcome());
    assertEquals(Decision.Outcome.NOT_ALLOWED, evaluator.evaluate("kms:Decrypt", keyArn).outcome());
  }

  @Test
  void administratorAccessIsReadAsTheManagedPolicyItIs() {
    RolePolicies policies = known(facts().rolePolicies(roleArn("web-task")));

    assertEquals(List.of(ADMIN), policies.attachedPolicyArns());
    Decision everything = IamPolicyEvaluator.of(policies).everything();
    assertEquals(Decision.Outcome.ALLOWED, everything.outcome(), everything.reason());
    assertEquals("allowed by policy \"AdministratorAccess\"", everything.reason());
  }

  @Test
  void anExplicitDenyInAnInlinePolicyWins() {
    IamPolicyEvaluator evaluator = IamPolicyEvaluator.of(known(facts().rolePolicies(roleArn("denying-execution"))));

    assertEquals(Decision.Outcome.DENIED, evaluator.evaluate("secretsmanager:GetSecretValue", dbSecret).outcome());
    assertEquals(Decision.Outcome.ALLOWED, evaluator.evaluate("ssm:GetParameters",
        "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter/prod/web/token").outcome());
  }

  @Test
  void theBoundaryIsReadAndLeavesAdministratorUnknown() {
    RolePolicies policies = known(facts().rolePolicies(roleArn("bounded-task")));

    assertEquals("arn:aws:iam::" + ACCOUNT + ":policy/Boundary", policies.permissionsBoundary());
    assertEquals(Decision.Outcome.UNKNOWN, IamPolicyEvaluator.of(policies).everything().outcome());
  }

  @Test
  void aBareRoleNameIsLookedUpInThisAccount() {
    RolePolicies policies = known(facts().rolePolicies("narrow-execution"));

    assertEquals(roleArn("narrow-execution"), policies.roleArn());
    assertEquals(List.of(), policies.attachedPolicyArns());
    assertEquals(1, policies.documents().size());
  }

  @Test
  void aMissingRoleIsUnknownNotAbsent() {
    Facts facts = facts();
    Fact.Unknown<RolePolicies> unknown = unknown(facts.rolePolicies(roleArn("ghost")));

    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown.reason());
    assertTrue(unknown.detail().contains("no role named ghost"), unknown.detail());
    assertEquals(List.of(), facts.transientFailures());
    assertEquals(1, proxy.calls("GetRole"));
  }

  @Test
  void aRoleOfAnotherAccountIsNotReadUnderItsName() {
    Fact.Unknown<RolePolicies> unknown = unknown(facts().rolePolicies("arn:aws:iam::444455556666:role/web-task"));

    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown.reason());
    assertTrue(unknown.detail().contains("444455556666"), unknown.detail());
    assertEquals(0, proxy.calls("ListAttachedRolePolicies"), "a same-named role here is another role");
  }

  @Test
  void findsTheCustomerKeyOfSecretsAndParameters() {
    Facts facts = facts();
    String parameter = "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter/prod/web/";

    assertEquals(Optional.empty(), known(facts.secretKmsKey(REGION, dbSecret)), "the AWS-managed key");
    assertEquals(Optional.of(keyArn), known(facts.secretKmsKey(REGION, apiSecret)));
    assertEquals(Optional.of(keyArn), known(facts.secretKmsKey(REGION,
        "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:prod/api")), "a partial ARN");
    assertEquals(Optional.empty(), known(facts.secretKmsKey(REGION, parameter + "token")), "alias/aws/ssm");
    Optional<String> signing = known(facts.secretKmsKey(REGION, parameter + "signing"));
    assertTrue(signing.isPresent() && keyArn.endsWith(signing.get()), "the key, as SSM reports it: " + signing);
    assertEquals(Optional.empty(), known(facts.secretKmsKey(REGION, parameter + "region")), "a String parameter");
    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown(facts.secretKmsKey(REGION,
        "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:prod/ghost-AbCdEf")).reason());
    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown(facts.secretKmsKey(REGION, parameter + "ghost")).reason());
  }

  // ---- the rules, on definitions registered in moto

  @Test
  void theRulesOnRealDefinitions() throws Exception {
    Evaluation web = evaluate(facts(), register(definition("web", roleArn("web-task"), roleArn("web-execution"),
        container("web", true, secret("DB_PASSWORD", dbSecret + ":password::"), secret("TOKEN", "/prod/web/token"),
            secret("API_KEY", apiSecret)),
        container("worker", false, secret("SIGNING_KEY", "/prod/web/signing")))));

    assertEquals(Map.of(
        "task-role-not-admin /taskRoleArn", Severity.HIGH,
        "secrets-readable-by-execution-role /containerDefinitions/0/secrets/2", Severity.HIGH,
        "secrets-readable-by-execution-role /containerDefinitions/1/secrets/0", Severity.HIGH), found(web));
    assertTrue(message(web, "/containerDefinitions/0/secrets/2").contains("may not kms:Decrypt the customer-managed "
        + "KMS key " + keyArn + " of secret \"prod/api-"), message(web, "/containerDefinitions/0/secrets/2"));
    assertTrue(web.complete(), web.gaps().toString());

    Evaluation narrow = evaluate(facts(), register(definition("narrow", roleArn("bounded-task"),
        roleArn("narrow-execution"), container("app", false), container("sidecar", true, secret("TOKEN",
            "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter/prod/web/token")))));

    assertEquals(Map.of(
        "task-role-not-admin /taskRoleArn", Severity.INFO,
        "awslogs-create-group-allowed /containerDefinitions/1/logConfiguration/options/awslogs-create-group",
        Severity.MEDIUM,
        "secrets-readable-by-execution-role /containerDefinitions/1/secrets/0", Severity.HIGH), found(narrow));
    assertTrue(message(narrow, "/taskRoleArn").contains("permissions boundary (Boundary)"));
    assertTrue(message(narrow, "/containerDefinitions/1/secrets/0").contains(
        "may not ssm:GetParameters on parameter \"/prod/web/token\" (no statement allows it)"));

    Evaluation denying = evaluate(facts(), register(definition("denying", null, "denying-execution",
        container("app", false, secret("DB_PASSWORD", dbSecret), secret("TOKEN", "/prod/web/token")))));

    assertEquals(Map.of("secrets-readable-by-execution-role /containerDefinitions/0/secrets/0", Severity.HIGH),
        found(denying));
    assertTrue(message(denying, "/containerDefinitions/0/secrets/0").contains("explicitly denied by inline policy"),
        message(denying, "/containerDefinitions/0/secrets/0"));
  }

  /**
   * One task role (AdministratorAccess), one execution role (the managed execution policy and an inline policy)
   * with a Secrets Manager secret and an SSM parameter: 13 calls cold, none warm.
   */
  @Test
  void callsPerEventColdAndWarm() throws Exception {
    JsonNode definition = register(definition("typical", roleArn("web-task"), roleArn("typical-execution"),
        container("app", false, secret("DB_PASSWORD", dbSecret), secret("TOKEN", "/prod/web/token"))));

    AwsFacts cold = facts();
    evaluate(cold, definition);
    Map<String, Integer> coldCalls = proxyCalls();
    AwsFacts warm = facts();
    evaluate(warm, definition);

    System.out.println("calls per event, cold: " + cold.usage() + " " + coldCalls + "; warm: " + warm.usage());
    assertEquals(new Facts.Usage(13, 0), cold.usage());
    assertEquals(new TreeMap<>(Map.of("GetRole", 2, "ListAttachedRolePolicies", 2, "GetPolicy", 2,
        "GetPolicyVersion", 2, "ListRolePolicies", 2, "GetRolePolicy", 1, "DescribeSecret", 1,
        "DescribeParameters", 1)), coldCalls);
    assertEquals(new Facts.Usage(0, 4), warm.usage(), "two roles and two keys from the cache");
    assertEquals(coldCalls, proxyCalls(), "the warm event made no AWS call");
  }

  // ---- degraded paths

  @Test
  void throttledIamLeavesAGapAndNothingToEnforce() throws Exception {
    proxy.fail("GetRole", Fault.sns(400, "Throttling"));

    Evaluation evaluation = evaluate(facts(), register(definition("web", roleArn("web-task"), roleArn("web-execution"),
        container("web", true, secret("DB_PASSWORD", dbSecret)))));

    assertFalse(evaluation.complete(), "a throttled lookup leaves the evaluation incomplete");
    assertTrue(evaluation.gaps().stream().allMatch(g -> g.contains("(throttled)")), evaluation.gaps().toString());
    assertTrue(evaluation.findings().stream().allMatch(f -> f.severity() == Severity.INFO), found(evaluation).toString());
    assertEquals(3, evaluation.findings().size(), "one could-not-verify per rule: " + found(evaluation));
    assertTrue(proxy.calls("GetRole") > 3, "the SDK retried the throttled calls");
  }

  @Test
  void accessDeniedNamesTheMissingPermission() throws Exception {
    proxy.fail("ListAttachedRolePolicies", Fault.sns(403, "AccessDenied"));

    Evaluation evaluation = evaluate(facts(), register(definition("web", roleArn("web-task"), roleArn("web-execution"),
        container("web", true, secret("DB_PASSWORD", dbSecret)))));

    assertTrue(evaluation.complete(), "access denied is not transient: " + evaluation.gaps());
    assertEquals(Map.of(
        "task-role-not-admin /taskRoleArn", Severity.INFO,
        "awslogs-create-group-allowed /executionRoleArn", Severity.INFO,
        "secrets-readable-by-execution-role /executionRoleArn", Severity.INFO), found(evaluation));
    for (Finding finding : evaluation.findings()) {
      assertTrue(finding.message().startsWith("could not verify: managed policies of role "), finding.message());
      assertTrue(finding.message().endsWith("(access denied), needs iam:ListAttachedRolePolicies"), finding.message());
    }
    // Each role once: an unknown is not cached across events, but within one event a question is asked once.
    assertEquals(2, proxy.calls("ListAttachedRolePolicies"));
  }

  @Test
  void aLookupThatTimesOutIsUnknownAndLeavesAGap() throws Exception {
    proxy.delay("DescribeSecret", Duration.ofSeconds(2));

    Evaluation evaluation = evaluate(facts(), register(definition("web", null, roleArn("web-execution"),
        container("web", false, secret("API_KEY", apiSecret)))));

    assertFalse(evaluation.complete());
    assertTrue(evaluation.gaps().get(0).contains("KMS key of secret prod/api-") && evaluation.gaps().get(0)
        .contains("(timed out)"), evaluation.gaps().toString());
    assertEquals(Map.of("secrets-readable-by-execution-role /containerDefinitions/0/secrets/0", Severity.INFO),
        found(evaluation));
  }

  @Test
  void theEventBudgetBoundsTheCalls() throws Exception {
    AwsFacts facts = new AwsFacts(clients, cache, new Budget(4, Duration.ofSeconds(8)));

    Evaluation evaluation = evaluate(facts, register(definition("web", roleArn("web-task"), roleArn("web-execution"),
        container("web", true, secret("DB_PASSWORD", dbSecret)))));

    assertTrue(facts.usage().calls() <= 4, facts.usage().toString());
    assertFalse(evaluation.complete());
    assertTrue(evaluation.gaps().stream().anyMatch(g -> g.contains("budget exhausted")), evaluation.gaps().toString());
    assertTrue(evaluation.findings().stream().allMatch(f -> f.severity() == Severity.INFO));
  }

  // ---- helpers

  private AwsFacts facts() {
    return new AwsFacts(clients, cache, Budget.DEFAULT);
  }

  private static Evaluation evaluate(Facts facts, JsonNode described) {
    Catalog rules = new Catalog(List.of(new TaskRoleNotAdmin(), new AwslogsCreateGroupAllowed(),
        new SecretsReadableByExecutionRole()));
    return new Engine(rules).evaluate(Subject.of(TaskDefinitions.fromJson(described), REGION), facts);
  }

  /** Registers the definition in moto's ECS and reads it back as ecs-guard does. */
  private static JsonNode register(String definition) throws Exception {
    String arn = account.register(Json.MAPPER.readTree(definition));
    return SdkJson.toTree(account.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)));
  }

  private static Map<String, Severity> found(Evaluation evaluation) {
    Map<String, Severity> found = new TreeMap<>();
    evaluation.findings().forEach(f -> found.put(f.ruleId() + " " + f.field(), f.severity()));
    return found;
  }

  private static String message(Evaluation evaluation, String field) {
    return evaluation.findings().stream().filter(f -> field.equals(f.field())).findFirst().orElseThrow().message();
  }

  private Map<String, Integer> proxyCalls() {
    Map<String, Integer> calls = new TreeMap<>();
    for (String operation : List.of("GetRole", "ListAttachedRolePolicies", "GetPolicy", "GetPolicyVersion",
        "ListRolePolicies", "GetRolePolicy", "DescribeSecret", "DescribeParameters")) {
      if (proxy.calls(operation) > 0) {
        calls.put(operation, proxy.calls(operation));
      }
    }
    return calls;
  }

  private static String definition(String family, String taskRole, String executionRole, String... containers) {
    return "{\"family\": \"" + family + "\", "
        + (taskRole == null ? "" : "\"taskRoleArn\": \"" + taskRole + "\", ")
        + "\"executionRoleArn\": \"" + executionRole + "\", \"networkMode\": \"awsvpc\", "
        + "\"requiresCompatibilities\": [\"FARGATE\"], \"cpu\": \"256\", \"memory\": \"512\", "
        + "\"containerDefinitions\": [" + String.join(", ", containers) + "]}";
  }

  private static String container(String name, boolean createGroup, String... secrets) {
    return "{\"name\": \"" + name + "\", \"image\": \"" + ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + name
        + ":1.0\", \"memory\": 256, \"essential\": true, \"secrets\": [" + String.join(", ", secrets) + "], "
        + "\"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \"/ecs/" + name + "\", "
        + "\"awslogs-region\": \"" + REGION + "\", \"awslogs-stream-prefix\": \"" + name + "\""
        + (createGroup ? ", \"awslogs-create-group\": \"true\"" : "") + "}}}";
  }

  private static String secret(String name, String valueFrom) {
    return "{\"name\": \"" + name + "\", \"valueFrom\": \"" + valueFrom + "\"}";
  }

  private static void role(IamClient iam, String name, String boundary) {
    String trust = document("{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ecs-tasks.amazonaws.com\"}, "
        + "\"Action\": \"sts:AssumeRole\"}");
    iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust).permissionsBoundary(boundary));
  }

  private static void inline(IamClient iam, String role, String name, String statement) {
    iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(document(statement)));
  }

  private static String roleArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  private static String statement(String effect, String actions, String resource) {
    return "{\"Effect\": \"" + effect + "\", \"Action\": " + actions + ", \"Resource\": \"" + resource + "\"}";
  }

  private static String document(String... statements) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", statements) + "]}";
  }

  /** A customer-managed key; the test has no KMS SDK module, so one raw JSON-protocol call to moto's KMS. */
  private static String createKmsKey() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(moto.endpoint() + "/"))
        .header("X-Amz-Target", "TrentService.CreateKey")
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/" + REGION + "/kms/aws4_request, "
            + "SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofString("{\"Description\": \"web secrets\"}"))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return Json.MAPPER.readTree(response.body()).path("KeyMetadata").path("Arn").asText();
  }

  @SuppressWarnings("unchecked")
  private static <T> T known(Fact<T> fact) {
    return ((Fact.Known<T>) assertInstanceOf(Fact.Known.class, fact, fact::toString)).value();
  }

  @SuppressWarnings("unchecked")
  private static <T> Fact.Unknown<T> unknown(Fact<T> fact) {
    return assertInstanceOf(Fact.Unknown.class, fact, fact::toString);
  }
}
