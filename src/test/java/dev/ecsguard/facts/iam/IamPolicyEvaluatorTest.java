package dev.ecsguard.facts.iam;

import static dev.ecsguard.facts.iam.Decision.Outcome.ALLOWED;
import static dev.ecsguard.facts.iam.Decision.Outcome.DENIED;
import static dev.ecsguard.facts.iam.Decision.Outcome.NOT_ALLOWED;
import static dev.ecsguard.facts.iam.Decision.Outcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The evaluator as a table: policies, a question, the outcome IAM would give (or UNKNOWN where it cannot tell). */
class IamPolicyEvaluatorTest {

  private static final String SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db";
  private static final String LOG_GROUP = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web";
  private static final String BOUNDARY = "arn:aws:iam::111122223333:policy/Boundary";

  /** One row: policy documents (JSON, one per string), an optional boundary, the question and the answer. */
  record Row(String name, List<String> documents, String boundary, String action, String resource,
      Decision.Outcome expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row row(String name, String action, String resource, Decision.Outcome expected, String... documents) {
    return new Row(name, List.of(documents), null, action, resource, expected);
  }

  private static Row bounded(String name, String action, String resource, Decision.Outcome expected,
      String... documents) {
    return new Row(name, List.of(documents), BOUNDARY, action, resource, expected);
  }

  private static String allow(String action, String resource) {
    return statement("Allow", "Action", action, "Resource", resource, null);
  }

  private static String deny(String action, String resource) {
    return statement("Deny", "Action", action, "Resource", resource, null);
  }

  /** A 2012-10-17 document with one statement; action and resource are JSON (a "string" or a [list]). */
  private static String statement(String effect, String actionKey, String action, String resourceKey,
      String resource, String condition) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"" + effect + "\", \"" + actionKey + "\": "
        + action + ", \"" + resourceKey + "\": " + resource
        + (condition == null ? "" : ", \"Condition\": " + condition) + "}}";
  }

  private static final String IN_VPC = "{\"StringEquals\": {\"aws:SourceVpc\": \"vpc-1\"}}";

  static Stream<Row> rows() {
    return Stream.of(
        row("Allow * on *", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED, allow("\"*\"", "\"*\"")),
        row("no policies at all", "s3:GetObject", "arn:aws:s3:::b/k", NOT_ALLOWED),
        row("an empty Statement list", "s3:GetObject", "arn:aws:s3:::b/k", NOT_ALLOWED,
            "{\"Version\": \"2012-10-17\", \"Statement\": []}"),
        row("actions compare case-insensitively", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            allow("\"S3:getobject\"", "\"*\"")),
        row("resources compare case-sensitively", "s3:GetObject", "arn:aws:s3:::bucket/k", NOT_ALLOWED,
            allow("\"s3:GetObject\"", "\"arn:aws:s3:::Bucket/*\"")),
        row("? is one character in an action", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            allow("\"s3:Get?bject\"", "\"*\"")),
        row("? is exactly one character", "s3:GetObject", "arn:aws:s3:::b/k", NOT_ALLOWED,
            allow("\"s3:Get?\"", "\"*\"")),
        row("* spans colons in a resource", "logs:CreateLogGroup", LOG_GROUP, ALLOWED,
            allow("\"logs:*\"", "\"arn:aws:logs:*\"")),
        row("an action list without the action", "logs:CreateLogGroup", LOG_GROUP, NOT_ALLOWED,
            allow("[\"logs:CreateLogStream\", \"logs:PutLogEvents\"]", "\"*\"")),
        row("a resource list with the resource", "secretsmanager:GetSecretValue", SECRET + "-AbCdEf", ALLOWED,
            allow("\"secretsmanager:GetSecretValue\"", "[\"arn:aws:s3:::x\", \"" + SECRET + "-??????\"]")),
        row("Statement as a list, the second allows", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ec2:*\", "
                + "\"Resource\": \"*\"}, {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}"),
        row("an explicit Deny wins over Allow *", "secretsmanager:GetSecretValue", SECRET + "-AbCdEf", DENIED,
            allow("\"*\"", "\"*\""), deny("\"secretsmanager:GetSecretValue\"", "\"*\"")),
        row("a Deny of other actions does not matter", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            allow("\"*\"", "\"*\""), deny("\"s3:DeleteObject\"", "\"*\"")),
        row("a Deny alone denies", "s3:GetObject", "arn:aws:s3:::b/k", DENIED,
            deny("\"s3:*\"", "\"*\"")),
        row("Allow only under a Condition", "s3:GetObject", "arn:aws:s3:::b/k", UNKNOWN,
            statement("Allow", "Action", "\"s3:*\"", "Resource", "\"*\"", IN_VPC)),
        row("a conditional Allow beside an unconditional one", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            statement("Allow", "Action", "\"s3:*\"", "Resource", "\"*\"", IN_VPC), allow("\"s3:GetObject\"", "\"*\"")),
        row("an unconditional Deny beats a conditional Allow", "s3:GetObject", "arn:aws:s3:::b/k", DENIED,
            statement("Allow", "Action", "\"s3:*\"", "Resource", "\"*\"", IN_VPC), deny("\"s3:*\"", "\"*\"")),
        row("a conditional Deny may take an Allow away", "s3:GetObject", "arn:aws:s3:::b/k", UNKNOWN,
            allow("\"*\"", "\"*\""), statement("Deny", "Action", "\"s3:*\"", "Resource", "\"*\"", IN_VPC)),
        row("a conditional Deny without any Allow", "s3:GetObject", "arn:aws:s3:::b/k", NOT_ALLOWED,
            statement("Deny", "Action", "\"s3:*\"", "Resource", "\"*\"", IN_VPC)),
        row("an empty Condition is no condition", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            statement("Allow", "Action", "\"s3:*\"", "Resource", "\"*\"", "{}")),
        row("NotAction allows what it does not list", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            statement("Allow", "NotAction", "[\"iam:*\", \"organizations:*\"]", "Resource", "\"*\"", null)),
        row("NotAction does not allow what it lists", "iam:PassRole", "arn:aws:iam::111122223333:role/x", NOT_ALLOWED,
            statement("Allow", "NotAction", "[\"iam:*\", \"organizations:*\"]", "Resource", "\"*\"", null)),
        row("NotResource allows elsewhere", "s3:GetObject", "arn:aws:s3:::public/k", ALLOWED,
            statement("Allow", "Action", "\"s3:GetObject\"", "NotResource", "\"arn:aws:s3:::private/*\"", null)),
        row("NotResource does not allow there", "s3:GetObject", "arn:aws:s3:::private/k", NOT_ALLOWED,
            statement("Allow", "Action", "\"s3:GetObject\"", "NotResource", "\"arn:aws:s3:::private/*\"", null)),
        row("a Deny with NotAction denies everything else", "ec2:RunInstances", "*", DENIED,
            allow("\"*\"", "\"*\""), statement("Deny", "NotAction", "\"s3:*\"", "Resource", "\"*\"", null)),
        row("a Deny with NotAction spares what it lists", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED,
            allow("\"*\"", "\"*\""), statement("Deny", "NotAction", "\"s3:*\"", "Resource", "\"*\"", null)),
        bounded("a boundary makes an Allow unknown", "s3:GetObject", "arn:aws:s3:::b/k", UNKNOWN,
            allow("\"*\"", "\"*\"")),
        bounded("a boundary cannot add what is not allowed", "s3:GetObject", "arn:aws:s3:::b/k", NOT_ALLOWED,
            allow("\"ec2:*\"", "\"*\"")),
        bounded("a boundary cannot undo a Deny", "s3:GetObject", "arn:aws:s3:::b/k", DENIED,
            allow("\"*\"", "\"*\""), deny("\"s3:*\"", "\"*\"")),
        row("a policy variable in a resource cannot be told", "s3:GetObject", "arn:aws:s3:::home/alice/k", UNKNOWN,
            allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username}/*\"")),
        row("a policy variable that cannot match anyway", "s3:GetObject", "arn:aws:s3:::other/alice/k", NOT_ALLOWED,
            allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username}/*\"")),
        row("variables are literal text in a 2008-10-17 policy", "s3:GetObject", "arn:aws:s3:::home/alice/k",
            NOT_ALLOWED, "{\"Version\": \"2008-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": "
                + "\"s3:GetObject\", \"Resource\": \"arn:aws:s3:::home/${aws:username}/*\"}}"),
        row("${?} is a literal question mark", "s3:GetObject", "arn:aws:s3:::b/x", NOT_ALLOWED,
            allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${?}\"")),
        row("${$} is a literal dollar", "s3:GetObject", "arn:aws:s3:::b/$x", ALLOWED,
            allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${$}x\"")),
        row("a partial secret ARN under name-*", "secretsmanager:GetSecretValue", SECRET + "-??????", ALLOWED,
            allow("\"secretsmanager:GetSecretValue\"", "\"" + SECRET + "-*\"")),
        row("a partial secret ARN under the AWS-documented name-??????", "secretsmanager:GetSecretValue",
            SECRET + "-??????", ALLOWED, allow("\"secretsmanager:GetSecretValue\"", "\"" + SECRET + "-??????\"")),
        row("a partial secret ARN against one exact suffix", "secretsmanager:GetSecretValue", SECRET + "-??????",
            UNKNOWN, allow("\"secretsmanager:GetSecretValue\"", "\"" + SECRET + "-AbCdEf\"")),
        row("a partial secret ARN against another secret", "secretsmanager:GetSecretValue", SECRET + "-??????",
            NOT_ALLOWED, allow("\"secretsmanager:GetSecretValue\"", "\"" + SECRET.replace("db", "cache") + "-*\"")),
        row("a partial secret ARN and a Deny of one exact suffix", "secretsmanager:GetSecretValue", SECRET + "-??????",
            UNKNOWN, allow("\"*\"", "\"*\""), deny("\"secretsmanager:*\"", "\"" + SECRET + "-AbCdEf\"")),
        row("the name-only secret ARN is not the secret's ARN", "secretsmanager:GetSecretValue", SECRET + "-AbCdEf",
            NOT_ALLOWED, allow("\"secretsmanager:GetSecretValue\"", "\"" + SECRET + "\"")),
        row("log group ARN with :* asked as its wildcard form", "logs:CreateLogGroup", LOG_GROUP + ":*", ALLOWED,
            allow("\"logs:CreateLogGroup\"", "\"arn:aws:logs:*:*:log-group:/ecs/*\"")),
        row("a statement without Effect Allow/Deny cannot be read", "s3:GetObject", "arn:aws:s3:::b/k", UNKNOWN,
            "{\"Statement\": {\"Effect\": \"allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}"),
        row("a statement without Resource cannot be read", "s3:GetObject", "arn:aws:s3:::b/k", UNKNOWN,
            allow("\"s3:*\"", "\"*\""), "{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"s3:*\"}}"),
        row("an unreadable statement does not undo a Deny", "s3:GetObject", "arn:aws:s3:::b/k", DENIED,
            deny("\"s3:*\"", "\"*\""), "{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"s3:*\"}}"),
        row("a document without Statement cannot be read", "s3:GetObject", "arn:aws:s3:::b/k", UNKNOWN,
            "{\"Version\": \"2012-10-17\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void evaluates(Row row) throws Exception {
    Decision decision = evaluator(row).evaluate(row.action(), row.resource());
    assertEquals(row.expected(), decision.outcome(), row.name() + ": " + decision.reason());
    assertTrue(!decision.reason().isBlank());
  }

  static Stream<Row> everything() {
    String any = "*:*";
    return Stream.of(
        row("Action * on Resource *", any, "*", ALLOWED, allow("\"*\"", "\"*\"")),
        row("Action *:* on Resource *", any, "*", ALLOWED, allow("\"*:*\"", "\"*\"")),
        row("Action [\"*\"] in a list", any, "*", ALLOWED, allow("[\"*\"]", "[\"*\"]")),
        row("a service wildcard is not everything", any, "*", NOT_ALLOWED, allow("\"s3:*\"", "\"*\"")),
        row("PowerUser's NotAction is not everything", any, "*", NOT_ALLOWED,
            statement("Allow", "NotAction", "[\"iam:*\", \"organizations:*\"]", "Resource", "\"*\"", null)),
        row("everything on some resources is not everything", any, "*", NOT_ALLOWED,
            allow("\"*\"", "\"arn:aws:s3:::*\"")),
        row("a carve-out leaves an administrator", any, "*", ALLOWED,
            allow("\"*\"", "\"*\""), deny("\"iam:*\"", "\"*\"")),
        row("a Deny of everything", any, "*", DENIED, allow("\"*\"", "\"*\""), deny("\"*\"", "\"*\"")),
        row("everything under a Condition", any, "*", UNKNOWN,
            statement("Allow", "Action", "\"*\"", "Resource", "\"*\"", IN_VPC)),
        row("everything but a conditional Deny of everything", any, "*", UNKNOWN,
            allow("\"*\"", "\"*\""), statement("Deny", "Action", "\"*\"", "Resource", "\"*\"", IN_VPC)),
        bounded("everything within a boundary", any, "*", UNKNOWN, allow("\"*\"", "\"*\"")),
        row("nothing", any, "*", NOT_ALLOWED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everything")
  void decidesWhetherEverythingIsAllowed(Row row) throws Exception {
    Decision decision = evaluator(row).everything();
    assertEquals(row.expected(), decision.outcome(), row.name() + ": " + decision.reason());
  }

  @Test
  void namesTheStatementThatDecides() throws Exception {
    RolePolicies policies = new RolePolicies("arn:aws:iam::111122223333:role/web",
        List.of("arn:aws:iam::aws:policy/AdministratorAccess"),
        List.of(Json.MAPPER.readTree(allow("\"*\"", "\"*\"")),
            Json.MAPPER.readTree("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"NoSecrets\", "
                + "\"Effect\": \"Deny\", \"Action\": \"secretsmanager:*\", \"Resource\": \"*\"}]}")),
        null);
    IamPolicyEvaluator evaluator = IamPolicyEvaluator.of(policies);

    Decision denied = evaluator.evaluate("secretsmanager:GetSecretValue", SECRET + "-AbCdEf");
    Decision allowed = evaluator.evaluate("s3:GetObject", "arn:aws:s3:::b/k");

    assertEquals("explicitly denied by inline policy 1 statement \"NoSecrets\"", denied.reason());
    assertEquals("allowed by policy \"AdministratorAccess\"", allowed.reason());
    assertEquals("policy \"AdministratorAccess\"", allowed.grantedBy());
  }

  @Test
  void aBoundaryIsNamedInTheReason() throws Exception {
    Row row = bounded("b", "s3:GetObject", "*", UNKNOWN, allow("\"*\"", "\"*\""));
    assertTrue(evaluator(row).evaluate("s3:GetObject", "arn:aws:s3:::b/k").reason().contains("Boundary"));
  }

  private static IamPolicyEvaluator evaluator(Row row) throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    for (String document : row.documents()) {
      documents.add(Json.MAPPER.readTree(document));
    }
    return IamPolicyEvaluator.of(new RolePolicies("arn:aws:iam::111122223333:role/r", List.of(), documents,
        row.boundary()));
  }
}
