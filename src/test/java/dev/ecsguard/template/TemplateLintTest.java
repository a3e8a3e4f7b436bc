package dev.ecsguard.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsguard.testing.PythonTools;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the SAM template: cfn-lint (which runs the SAM translator offline) must report nothing, and the parts
 * the Java code depends on (handler, runtime, event pattern, environment, permissions) must be as expected.
 */
class TemplateLintTest {

    private static final Path TEMPLATE = Path.of("template.yaml");
    private static final String HANDLER_CLASS = "dev.ecsguard.handler.GuardHandler";
    private static final String HANDLER_METHOD = "handleRequest";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode template;
    private static JsonNode function;

    @BeforeAll
    static void parse() throws IOException {
        assertTrue(Files.isRegularFile(TEMPLATE),
                "template.yaml not found in " + Path.of("").toAbsolutePath() + " (tests run from the project root)");
        template = readCloudFormationYaml(Files.readString(TEMPLATE));
        function = template.path("Resources").path("GuardFunction");
        assertEquals("AWS::Serverless::Function", function.path("Type").asText(),
                "Resources.GuardFunction must be an AWS::Serverless::Function");
    }

    @Test
    void cfnLintReportsNoErrorsOrWarnings() {
        List<String> command = new ArrayList<>(PythonTools.command("cfn-lint", "cfn-lint", "cfnlint"));
        command.add(TEMPLATE.toString());
        // cfn-lint exits 0 only when there is no error (2), warning (4) or informational finding (8).
        PythonTools.ProcessResult result = PythonTools.run(command, Path.of("").toAbsolutePath(), 300);
        assertEquals(0, result.exitCode(),
                () -> "cfn-lint template.yaml failed (exit " + result.exitCode() + "):\n" + result.output());
    }

    /** {@code sam build} builds every function with the Makefile, never the jar path as a source folder. */
    @Test
    void everyFunctionIsBuiltByTheMakefile() throws IOException {
        String makefile = Files.readString(Path.of("Makefile"));
        List<String> functions = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.add(resource.getKey());
                JsonNode function = resource.getValue();
                assertEquals(".", function.path("Properties").path("CodeUri").asText(), resource.getKey());
                assertEquals("makefile", function.path("Metadata").path("BuildMethod").asText(), resource.getKey());
                assertTrue(makefile.matches("(?s).*\\bbuild-" + resource.getKey() + "\\b[^\\n]*:.*"),
                        "the Makefile has no target build-" + resource.getKey());
            }
        });
        assertTrue(functions.contains("GuardFunction"), functions.toString());
    }

    @Test
    void handlerIsTheGuardHandler() {
        JsonNode props = function.path("Properties");
        assertEquals(HANDLER_CLASS + "::" + HANDLER_METHOD, props.path("Handler").asText());
        assertEquals("java21", props.path("Runtime").asText());

        Class<?> handler;
        try {
            handler = Class.forName(HANDLER_CLASS);
        } catch (ClassNotFoundException e) {
            fail("template.yaml names " + HANDLER_CLASS + " but the class does not exist");
            return;
        }
        List<Method> methods = Arrays.stream(handler.getMethods())
                .filter(m -> m.getName().equals(HANDLER_METHOD) && !m.isBridge())
                .filter(m -> m.getParameterCount() >= 1 && m.getParameterCount() <= 3)
                .toList();
        assertFalse(methods.isEmpty(), HANDLER_CLASS + " has no public method " + HANDLER_METHOD
                + " taking the event (and optionally an output stream and the Context)");
        assertTrue(Modifier.isPublic(handler.getModifiers()) && !Modifier.isAbstract(handler.getModifiers()),
                HANDLER_CLASS + " must be a public concrete class");
        if (methods.stream().noneMatch(m -> Modifier.isStatic(m.getModifiers()))) {
            try {
                handler.getConstructor();
            } catch (NoSuchMethodException e) {
                fail("the Lambda runtime instantiates " + HANDLER_CLASS + " with a public no-argument constructor");
            }
        }
    }

    @Test
    void snapStartAndLoggingAreConfigured() {
        JsonNode props = function.path("Properties");
        assertEquals("PublishedVersions", props.path("SnapStart").path("ApplyOn").asText());
        assertFalse(props.path("AutoPublishAlias").asText().isEmpty(), "SnapStart needs a published version");
        JsonNode logging = props.path("LoggingConfig");
        assertEquals("JSON", logging.path("LogFormat").asText());
        assertEquals(ref("GuardLogGroup"), logging.path("LogGroup"));
    }

    @Test
    void eventBridgeRuleMatchesTheTwoCallsWithRetriesAndDeadLetters() {
        List<JsonNode> rules = new ArrayList<>();
        function.path("Properties").path("Events").forEach(event -> {
            if ("EventBridgeRule".equals(event.path("Type").asText())) {
                rules.add(event.path("Properties"));
            }
        });
        assertEquals(1, rules.size(), "exactly one EventBridgeRule event on GuardFunction");
        JsonNode rule = rules.get(0);
        JsonNode pattern = rule.path("Pattern");

        assertEquals(Set.of("aws.ecs"), strings(pattern.path("source")));
        assertEquals(Set.of("AWS API Call via CloudTrail"), strings(pattern.path("detail-type")));
        assertEquals(Set.of("ecs.amazonaws.com"), strings(pattern.path("detail").path("eventSource")));
        JsonNode eventName = pattern.path("detail").path("eventName");
        assertTrue(eventName.isArray(), "eventName must be a list (a scalar leaf never matches)");
        assertEquals(3, eventName.size(), "eventName: " + eventName);
        // The two evaluated calls, and the one that keeps the state table's inventory current (DeleteTaskDefinitions
        // deletes INACTIVE revisions only, which the inventory never holds).
        assertEquals(Set.of("RegisterTaskDefinition", "RunTask", "DeregisterTaskDefinition"), strings(eventName));

        JsonNode retry = rule.path("RetryPolicy");
        assertTrue(retry.isObject(), "RetryPolicy is missing");
        assertTrue(retry.path("MaximumRetryAttempts").asInt() > 0, "RetryPolicy.MaximumRetryAttempts");
        assertTrue(retry.path("MaximumEventAgeInSeconds").asInt() >= 60, "RetryPolicy.MaximumEventAgeInSeconds");

        JsonNode dlq = rule.path("DeadLetterConfig");
        assertTrue(dlq.isObject() && (dlq.has("Arn") || "SQS".equals(dlq.path("Type").asText())),
                "DeadLetterConfig must name a queue (Arn) or let SAM create one (Type: SQS): " + dlq);
    }

    @Test
    void environmentCarriesModeSeverityAndTopic() {
        JsonNode variables = function.path("Properties").path("Environment").path("Variables");
        assertEquals(ref("Mode"), variables.path("ECS_GUARD_MODE"));
        assertEquals(ref("EnforceSeverity"), variables.path("ECS_GUARD_ENFORCE_SEVERITY"));
        assertEquals(ref("Profile"), variables.path(dev.ecsguard.policy.Settings.PROFILE));
        assertEquals(ref("AlertsTopic"), variables.path("ECS_GUARD_TOPIC_ARN"));
        assertEquals(ref("ReportsTopic"), variables.path(dev.ecsguard.notify.AlertTopics.REPORTS));
        assertEquals(ref("ChatTopic"), variables.path(dev.ecsguard.notify.AlertTopics.CHATBOT));
        assertEquals(ref("StateTable"), variables.path("ECS_GUARD_STATE_TABLE"));
    }

    @Test
    void permissionsAreLeastPrivilege() {
        JsonNode policies = function.path("Properties").path("Policies");
        assertTrue(policies.isArray(), "Policies must be a list");
        Set<String> actions = new TreeSet<>();
        // The three alert topics (one form each), and nothing else.
        Set<String> publishTopics = new TreeSet<>();
        for (JsonNode entry : policies) {
            assertTrue(entry.isObject(), "no managed policies by name, only templates and statements: " + entry);
            assertEquals(1, entry.size(), "one template or Statement per entry: " + entry);
            JsonNode policy = entry;
            if (entry.has("Fn::If")) {
                // A conditional grant: [condition, the policy, AWS::NoValue].
                JsonNode branches = entry.path("Fn::If");
                assertEquals(3, branches.size(), "Fn::If takes a condition and two branches: " + entry);
                assertEquals(ref("AWS::NoValue"), branches.get(2), "the other branch grants nothing: " + entry);
                policy = branches.get(1);
            }
            String name = policy.fieldNames().next();
            switch (name) {
                case "SNSPublishMessagePolicy" -> {
                    JsonNode topic = policy.path(name).path("TopicName");
                    String logicalId = topic.path("Fn::GetAtt").path(0).asText();
                    assertEquals(getAtt(logicalId, "TopicName"), topic, "publish to this stack's topics only");
                    assertTrue(publishTopics.add(logicalId), "one publish grant per topic: " + logicalId);
                }
                case "Statement" -> {
                    for (JsonNode statement : policy.path(name)) {
                        assertEquals("Allow", statement.path("Effect").asText());
                        assertFalse(statement.has("NotAction") || statement.has("NotResource"),
                                "NotAction/NotResource grant too much: " + statement);
                        for (String action : strings(statement.path("Action"))) {
                            assertFalse(action.contains("*"), "wildcard action " + action);
                            actions.add(action);
                        }
                    }
                }
                default -> fail("unexpected policy " + name + ": only SNSPublishMessagePolicy and inline statements");
            }
        }
        assertEquals(Set.of("AlertsTopic", "ChatTopic", "ReportsTopic"), publishTopics,
                "SNSPublishMessagePolicy for exactly the alerts, reports and chat topics");
        assertEquals(List.of("sns:Publish"), dev.ecsguard.notify.SnsNotifier.PERMISSIONS,
                "SNSPublishMessagePolicy grants sns:Publish, all the notifier calls");
        // Exactly what the AWS adapters declare they call (SNS publish comes through its policy template).
        Set<String> called = new TreeSet<>();
        called.addAll(dev.ecsguard.resolve.EcsTaskDefinitionSource.PERMISSIONS);
        called.addAll(dev.ecsguard.enforce.DeregisterEnforcer.PERMISSIONS);
        called.addAll(dev.ecsguard.policy.SsmPolicyProvider.PERMISSIONS);
        called.addAll(dev.ecsguard.facts.aws.AwsFacts.PERMISSIONS);
        called.addAll(dev.ecsguard.state.StateStore.PERMISSIONS);
        called.addAll(dev.ecsguard.aws.MemberRoleClients.PERMISSIONS);
        // The scheduled scan runs with this role (ScanFunction): its listings too.
        called.addAll(dev.ecsguard.scan.RevisionScan.PERMISSIONS);
        assertEquals(called, actions, "the template grants what the code calls and nothing more");
    }

    /** The state store's contract with the template (issue 13): its items, no Scan, no batch or table calls. */
    static final Set<String> STATE_TABLE_ACTIONS = Set.copyOf(dev.ecsguard.state.StateStore.PERMISSIONS);

    /** The function's inline statement with this Sid (exactly one). */
    private static JsonNode statement(String sid) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : function.path("Properties").path("Policies")) {
            JsonNode policy = entry.has("Fn::If") ? entry.path("Fn::If").path(1) : entry;
            for (JsonNode statement : policy.path("Statement")) {
                if (sid.equals(statement.path("Sid").asText())) {
                    found.add(statement);
                }
            }
        }
        assertEquals(1, found.size(), "one statement " + sid);
        return found.get(0);
    }

    /** The state table's items only, and the table is the function's role's alone to write. */
    @Test
    void stateTableIsRetainedRecoverableExpiringAndWrittenOnlyByTheFunction() {
        JsonNode table = template.path("Resources").path("StateTable");
        assertEquals("AWS::DynamoDB::Table", table.path("Type").asText());
        assertEquals("Retain", table.path("DeletionPolicy").asText());
        assertEquals("Retain", table.path("UpdateReplacePolicy").asText());
        JsonNode props = table.path("Properties");
        assertEquals("PAY_PER_REQUEST", props.path("BillingMode").asText());
        assertTrue(props.path("DeletionProtectionEnabled").asBoolean());
        assertEquals("pk", keyAttribute(props, "HASH"));
        assertEquals("sk", keyAttribute(props, "RANGE"));
        props.path("AttributeDefinitions").forEach(a -> assertEquals("S", a.path("AttributeType").asText(), a.toString()));
        assertEquals(2, props.path("AttributeDefinitions").size());
        assertEquals("expiresAt", props.path("TimeToLiveSpecification").path("AttributeName").asText());
        assertTrue(props.path("TimeToLiveSpecification").path("Enabled").asBoolean());
        assertTrue(props.path("SSESpecification").path("SSEEnabled").asBoolean());
        assertEquals("KMS", props.path("SSESpecification").path("SSEType").asText());
        assertTrue(props.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean());

        JsonNode statements = props.path("ResourcePolicy").path("PolicyDocument").path("Statement");
        assertEquals(1, statements.size(), "one statement: the deny");
        JsonNode deny = statements.get(0);
        assertEquals("Deny", deny.path("Effect").asText());
        assertEquals("*", deny.path("Principal").asText(), "everyone but the condition's role");
        assertEquals(Set.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PartiQLDelete",
                "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                strings(deny.path("Action")), "every data-plane write, and no control-plane call (CloudFormation's)");
        assertEquals(guardRoleArnPattern(), deny.path("Condition").path("ArnNotLike").path("aws:PrincipalArn"));

        JsonNode grant = statement("ReadAndWriteState");
        assertEquals(STATE_TABLE_ACTIONS, strings(grant.path("Action")));
        assertEquals(getAtt("StateTable", "Arn"), grant.path("Resource"), "the table only");
    }

    /** The role the table and the key name by its path (no reference to it: that would be a dependency cycle). */
    @Test
    void theFunctionsRoleHasThePathTheTableAndTheKeyName() {
        ObjectNode path = NODES.objectNode().put("Fn::Sub", "/ecs-guard/${AWS::StackName}/");
        assertEquals(path, function.path("Properties").path("RolePath"));
    }

    private static JsonNode guardRoleArnPattern() {
        return NODES.objectNode().put("Fn::Sub",
                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ecs-guard/${AWS::StackName}/*");
    }

    private static String keyAttribute(JsonNode tableProps, String keyType) {
        for (JsonNode key : tableProps.path("KeySchema")) {
            if (keyType.equals(key.path("KeyType").asText())) {
                return key.path("AttributeName").asText();
            }
        }
        return null;
    }

    /** Errors, throttles and dead letters reach the alerts topic. */
    @Test
    void alarmsNotifyTheAlertsTopic() {
        JsonNode resources = template.path("Resources");
        record Expected(String id, String namespace, String metric, String dimension, JsonNode value) {}
        List<Expected> alarms = List.of(
                new Expected("DeadLettersAlarm", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                        getAtt("EventsDeadLetterQueue", "QueueName")),
                new Expected("FunctionErrorsAlarm", "AWS/Lambda", "Errors", "FunctionName", ref("GuardFunction")),
                new Expected("FunctionThrottlesAlarm", "AWS/Lambda", "Throttles", "FunctionName", ref("GuardFunction")),
                new Expected("InventorySweepErrorsAlarm", "AWS/Lambda", "Errors", "FunctionName",
                        ref("InventorySweepFunction")),
                new Expected("ScanErrorsAlarm", "AWS/Lambda", "Errors", "FunctionName", ref("ScanFunction")));
        Set<String> found = new TreeSet<>();
        resources.fields().forEachRemaining(e -> {
            if ("AWS::CloudWatch::Alarm".equals(e.getValue().path("Type").asText())) {
                found.add(e.getKey());
            }
        });
        assertEquals(Set.of("DeadLettersAlarm", "FunctionErrorsAlarm", "FunctionThrottlesAlarm",
                "InventorySweepErrorsAlarm", "MemberRoleUnusableAlarm", "ScanErrorsAlarm"), found);
        // An organization's: the function's log line for an account whose member role it could not assume.
        JsonNode memberRole = resources.path("MemberRoleUnusableAlarm").path("Properties");
        assertEquals(List.of(ref("AlertsTopic")), list(memberRole.path("AlarmActions")));
        JsonNode filter = resources.path("MemberRoleUnusableMetric").path("Properties");
        assertEquals("\"" + dev.ecsguard.handler.GuardHandler.MEMBER_ROLE_UNUSABLE + "\"",
                filter.path("FilterPattern").asText());
        assertEquals(memberRole.path("MetricName"), filter.path("MetricTransformations").get(0).path("MetricName"));
        assertEquals(memberRole.path("Namespace"), filter.path("MetricTransformations").get(0).path("MetricNamespace"));
        for (Expected expected : alarms) {
            JsonNode alarm = resources.path(expected.id()).path("Properties");
            assertEquals(expected.namespace(), alarm.path("Namespace").asText(), expected.id());
            assertEquals(expected.metric(), alarm.path("MetricName").asText(), expected.id());
            assertEquals(1, alarm.path("Dimensions").size(), expected.id());
            assertEquals(expected.dimension(), alarm.path("Dimensions").get(0).path("Name").asText(), expected.id());
            assertEquals(expected.value(), alarm.path("Dimensions").get(0).path("Value"), expected.id());
            assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText(), expected.id());
            assertEquals(0, alarm.path("Threshold").asInt(-1), expected.id() + ": any at all");
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), expected.id());
            assertEquals(List.of(ref("AlertsTopic")), list(alarm.path("AlarmActions")), expected.id());
            // The key policy admits this stack's alarms by name: AlarmName must match its pattern.
            String name = alarm.path("AlarmName").path("Fn::Sub").asText();
            assertTrue(name.startsWith("${AWS::StackName}-ecs-guard-"), expected.id() + ": " + name);
        }
    }

    /** One customer managed key for the topics and the queue, usable by exactly the principals that need it. */
    @Test
    void theKeyEncryptsTopicsAndQueueAndAdmitsOnlyWhoNeedsIt() {
        JsonNode resources = template.path("Resources");
        JsonNode key = resources.path("GuardKey");
        assertEquals("AWS::KMS::Key", key.path("Type").asText());
        assertTrue(key.path("Properties").path("EnableKeyRotation").asBoolean(), "rotation on");
        JsonNode keyArn = getAtt("GuardKey", "Arn");
        for (String topic : List.of("AlertsTopic", "ReportsTopic", "ChatTopic")) {
            assertEquals(keyArn, resources.path(topic).path("Properties").path("KmsMasterKeyId"), topic);
        }
        JsonNode queue = resources.path("EventsDeadLetterQueue").path("Properties");
        assertEquals(keyArn, queue.path("KmsMasterKeyId"), "the dead-letter queue holds CloudTrail records");
        assertFalse(queue.has("SqsManagedSseEnabled"), "not SQS-managed SSE: anyone allowed to receive could read");

        java.util.Map<String, JsonNode> bySid = new java.util.TreeMap<>();
        for (JsonNode statement : key.path("Properties").path("KeyPolicy").path("Statement")) {
            JsonNode s = statement;
            if (statement.has("Fn::If")) {
                assertEquals("HasOperators", statement.path("Fn::If").path(0).asText());
                assertEquals(ref("AWS::NoValue"), statement.path("Fn::If").path(2));
                s = statement.path("Fn::If").path(1);
            }
            assertEquals("Allow", s.path("Effect").asText(), s.toString());
            bySid.put(s.path("Sid").asText(), s);
        }
        assertEquals(Set.of("KeyAdministrationThroughIam", "GuardFunctionThroughSnsAndSqs",
                "OperatorsReadAndReplayDeadLetters", "CloudWatchAlarmsPublish", "EventBridgeDeadLetters"),
                bySid.keySet());

        // The account (through IAM) administers the key but cannot use it.
        JsonNode admin = bySid.get("KeyAdministrationThroughIam");
        assertEquals(NODES.objectNode().put("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
                admin.path("Principal").path("AWS"));
        for (String action : strings(admin.path("Action"))) {
            for (String use : List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo")) {
                assertFalse(matches(action, use), "administration only, not " + use + ": " + action);
            }
        }
        Set<String> use = Set.of("kms:Decrypt", "kms:GenerateDataKey*");
        // The function's role, by its path, through SNS and SQS only.
        JsonNode role = bySid.get("GuardFunctionThroughSnsAndSqs");
        assertEquals(use, strings(role.path("Action")));
        assertEquals(guardRoleArnPattern(), role.path("Condition").path("ArnLike").path("aws:PrincipalArn"));
        assertEquals(ref("AWS::AccountId"), role.path("Condition").path("StringEquals").path("kms:CallerAccount"));
        assertEquals(2, role.path("Condition").path("StringEquals").path("kms:ViaService").size());
        // Operators, when named.
        JsonNode operators = bySid.get("OperatorsReadAndReplayDeadLetters");
        assertEquals(ref("OperatorPrincipalArns"), operators.path("Principal").path("AWS"));
        assertEquals(use, strings(operators.path("Action")));
        assertTrue(operators.path("Condition").path("StringEquals").has("kms:ViaService"));
        // CloudWatch, for this stack's alarms in this account only.
        JsonNode cloudWatch = bySid.get("CloudWatchAlarmsPublish");
        assertEquals("cloudwatch.amazonaws.com", cloudWatch.path("Principal").path("Service").asText());
        assertEquals(use, strings(cloudWatch.path("Action")));
        assertEquals(ref("AWS::AccountId"), cloudWatch.path("Condition").path("StringEquals").path("aws:SourceAccount"));
        assertTrue(cloudWatch.path("Condition").path("ArnLike").path("aws:SourceArn").path("Fn::Sub").asText()
                .endsWith(":alarm:${AWS::StackName}-ecs-guard-*"));
        // EventBridge, to put undeliverable events in the queue.
        JsonNode events = bySid.get("EventBridgeDeadLetters");
        assertEquals("events.amazonaws.com", events.path("Principal").path("Service").asText());
        assertEquals(Set.of("kms:Decrypt", "kms:GenerateDataKey"), strings(events.path("Action")));
        // No one else: no other service principal, no "*" principal without the role condition.
        bySid.values().forEach(s -> {
            JsonNode principal = s.path("Principal");
            if ("*".equals(principal.path("AWS").asText())) {
                assertTrue(s.path("Condition").path("ArnLike").has("aws:PrincipalArn"), "unconditioned *: " + s);
            }
        });
    }

    /** Whether an IAM action pattern (with *) matches an action. */
    private static boolean matches(String pattern, String action) {
        return action.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }

    /**
     * The scheduled scan (issue 16): the ScanHandler with the guard's own role and configuration, run by a state machine
     * on a daily schedule that fans the units out with a Distributed Map and invokes each unit again until it is done.
     */
    @Test
    void theScanRunsDailyThroughAStateMachineWithTheGuardsRoleAndConfiguration() {
        JsonNode resources = template.path("Resources");
        JsonNode scan = resources.path("ScanFunction").path("Properties");
        assertEquals("dev.ecsguard.handler.ScanHandler::handleRequest", scan.path("Handler").asText());
        assertEquals(getAtt("GuardFunctionRole", "Arn"), scan.path("Role"), "the guard's grants, not a copy of them");
        assertEquals(900, scan.path("Timeout").asInt());
        JsonNode variables = scan.path("Environment").path("Variables");
        function.path("Properties").path("Environment").path("Variables").fields().forEachRemaining(variable ->
                assertEquals(variable.getValue(), variables.path(variable.getKey()), "the guard's " + variable.getKey()));
        assertEquals(ref("ScanEnforce"), variables.path(dev.ecsguard.handler.ScanHandler.ENFORCE));
        assertEquals(ref("ScanRealertAfter"), variables.path(dev.ecsguard.scan.RevisionScan.REALERT_VARIABLE));
        assertEquals("false", template.path("Parameters").path("ScanEnforce").path("Default").asText());
        assertEquals("90d", template.path("Parameters").path("ScanRealertAfter").path("Default").asText());

        JsonNode machine = resources.path("ScanStateMachine").path("Properties");
        assertEquals("rate(1 day)", template.path("Parameters").path("ScanSchedule").path("Default").asText());
        assertEquals(ref("ScanSchedule"), machine.path("Events").path("ScanSchedule").path("Properties").path("Schedule"));
        JsonNode map = machine.path("Definition").path("States").path("EachAccountAndRegion");
        assertEquals("DISTRIBUTED", map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText());
        JsonNode states = map.path("ItemProcessor").path("States");
        assertEquals("${ScanFunctionArn}", states.path("ScanUnit").path("Parameters").path("FunctionName").asText());
        assertEquals(getAtt("ScanFunction", "Arn"), machine.path("DefinitionSubstitutions").path("ScanFunctionArn"));
        JsonNode again = states.path("UnitCompleted").path("Choices").get(0);
        assertEquals("$.completed", again.path("Variable").asText());
        assertEquals("ScanUnit", again.path("Next").asText(), "an unfinished unit is invoked again");
        assertTrue(machine.path("Definition").path("TimeoutSeconds").asInt() < 86_400, "ends before the next day's run");
    }

    /** A bounded blast radius: at most ReservedConcurrency events at once. */
    @Test
    void concurrencyIsReserved() {
        assertEquals(ref("ReservedConcurrency"), function.path("Properties").path("ReservedConcurrentExecutions"));
        JsonNode parameter = template.path("Parameters").path("ReservedConcurrency");
        assertEquals("Number", parameter.path("Type").asText());
        assertEquals(10, parameter.path("Default").asInt());
    }

    /** TagResource writes ecs-guard's own tag keys only, and the role reads only AWS's and this account's policies. */
    @Test
    void tagResourceIsLimitedToOwnTagKeysAndPolicyReadsToThisAccount() {
        JsonNode tag = statement("TagRevisionsWithOwnKeysOnly");
        assertEquals(Set.of("ecs:TagResource"), strings(tag.path("Action")));
        assertEquals(Set.of(dev.ecsguard.enforce.RevisionTags.DEREGISTERED, dev.ecsguard.enforce.RevisionTags.STOPPED),
                strings(tag.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys")));
        assertEquals("false", tag.path("Condition").path("Null").path("aws:TagKeys").asText(),
                "ForAllValues alone would also match a request without tags");
        assertTrue(tag.path("Resource").path("Fn::Sub").asText().endsWith(":${AWS::AccountId}:task-definition/*"));

        JsonNode policies = statement("ReadManagedPolicies");
        assertEquals(List.of(NODES.objectNode().put("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/*"),
                NODES.objectNode().put("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/*")),
                list(policies.path("Resource")));

        JsonNode tasks = statement("StopTasksStartedByNonCompliantRuns");
        assertEquals(Set.of("ecs:DescribeTasks", "ecs:StopTask"), strings(tasks.path("Action")));
        assertTrue(tasks.path("Resource").path("Fn::Sub").asText().endsWith(":${AWS::AccountId}:task/*"));
    }

    /**
     * The inventory sweep: its own function on a schedule, its own 15-minute timeout, one at a time, granted exactly
     * what the sweep calls (ECS reads, the state table), under the path the table's policy lets write.
     */
    @Test
    void inventorySweepIsItsOwnScheduledFunctionGrantedWhatTheSweepCalls() {
        JsonNode sweep = template.path("Resources").path("InventorySweepFunction");
        JsonNode props = sweep.path("Properties");
        assertEquals("dev.ecsguard.handler.InventorySweepHandler::handleRequest", props.path("Handler").asText());
        assertEquals(900, props.path("Timeout").asInt());
        assertEquals(1, props.path("ReservedConcurrentExecutions").asInt());
        assertEquals(function.path("Properties").path("RolePath"), props.path("RolePath"));
        List<JsonNode> schedules = new ArrayList<>();
        props.path("Events").forEach(event -> {
            if (event.path("Type").asText().startsWith("Schedule")) {
                schedules.add(event.path("Properties"));
            }
        });
        assertEquals(1, schedules.size(), "one schedule");
        assertEquals(ref("InventorySweepSchedule"), schedules.get(0).path("Schedule"));
        assertEquals("rate(6 hours)", template.path("Parameters").path("InventorySweepSchedule").path("Default").asText());
        Set<String> granted = new TreeSet<>();
        props.path("Policies").forEach(policy -> policy.path("Statement").forEach(statement ->
                granted.addAll(strings(statement.path("Action")))));
        assertEquals(union(Set.copyOf(dev.ecsguard.inventory.InventorySweep.PERMISSIONS), STATE_TABLE_ACTIONS), granted);
        function.path("Properties").path("Events").forEach(event ->
                assertFalse(event.path("Type").asText().startsWith("Schedule"), "the guard itself has no schedule"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return values;
    }

    /** The email subscription filters on the alert's highest severity; Slack exists only when both ids are given. */
    @Test
    void alertSubscriptionsFilterBySeverityAndSlackIsOptional() {
        JsonNode resources = template.path("Resources");
        JsonNode email = resources.path("AlertsEmailSubscription").path("Properties");
        assertEquals(ref("AlertsTopic"), email.path("TopicArn"));
        assertEquals("MessageAttributes", email.path("FilterPolicyScope").asText());
        // Either an alert of the severity wanted, or a message without the attribute (the alarms' notifications).
        JsonNode either = email.path("FilterPolicy").path("$or");
        assertEquals(2, either.size(), "FilterPolicy: " + email.path("FilterPolicy"));
        assertEquals(parse("[{\"exists\": false}]"), either.get(1).path("severity"), "alarms pass the filter");
        JsonNode lookup = either.get(0).path("severity").path("Fn::FindInMap");
        assertEquals("SeverityAtLeast", lookup.path(0).asText(), "severity filter from the mapping: " + email);
        assertEquals(ref("AlertEmailMinimumSeverity"), lookup.path(1));
        JsonNode mapping = template.path("Mappings").path("SeverityAtLeast");
        List<String> order = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");
        for (int i = 0; i < order.size(); i++) {
            List<String> expected = order.subList(0, i + 1);
            List<String> actual = new ArrayList<>();
            mapping.path(order.get(i)).path("Severities").forEach(v -> actual.add(v.asText()));
            assertEquals(expected, actual, "at least " + order.get(i));
        }
        JsonNode slack = resources.path("SlackChannel");
        assertEquals("AWS::Chatbot::SlackChannelConfiguration", slack.path("Type").asText());
        assertEquals("HasSlack", slack.path("Condition").asText());
        assertEquals("HasSlack", resources.path("ChatbotChannelRole").path("Condition").asText());
        assertEquals(List.of(ref("ChatTopic")), List.of(slack.path("Properties").path("SnsTopicArns").get(0)));
        assertEquals("ERROR", slack.path("Properties").path("LoggingLevel").asText());
    }

    // ------------------------------------------------------------------------------------------------ organization

    @Test
    void memberTemplateHasNoCfnLintFindings() {
        List<String> command = new ArrayList<>(PythonTools.command("cfn-lint", "cfn-lint", "cfnlint"));
        command.add(MemberTemplate.PATH.toString());
        PythonTools.ProcessResult result = PythonTools.run(command, Path.of("").toAbsolutePath(), 300);
        assertEquals(0, result.exitCode(),
                () -> "cfn-lint " + MemberTemplate.PATH + " failed (exit " + result.exitCode() + "):\n" + result.output());
    }

    /**
     * The member role grants exactly what the function calls in an event's account (describe, enforcement, facts), and
     * each of its statements is the central function's statement of the same Sid: same actions, same conditions. A
     * plain CloudFormation template (a StackSet takes no transform).
     */
    @Test
    void memberRoleMirrorsTheFunctionsGrantsForTheEventsAccount() throws IOException {
        JsonNode member = MemberTemplate.read();
        assertTrue(member.path("Transform").isMissingNode(), "no transform in a StackSet template");
        Set<String> inAccount = new TreeSet<>();
        inAccount.addAll(dev.ecsguard.resolve.EcsTaskDefinitionSource.PERMISSIONS);
        inAccount.addAll(dev.ecsguard.enforce.DeregisterEnforcer.PERMISSIONS);
        inAccount.addAll(dev.ecsguard.facts.aws.AwsFacts.PERMISSIONS);
        assertEquals(inAccount, MemberTemplate.memberRoleActions());
        for (JsonNode statement : MemberTemplate.memberRoleStatements()) {
            String sid = statement.path("Sid").asText();
            JsonNode central = statement(sid);
            assertEquals(strings(central.path("Action")), strings(statement.path("Action")), sid);
            assertEquals(central.path("Condition"), statement.path("Condition"), sid);
            assertEquals(central.path("Resource"), statement.path("Resource"), sid + ": the same resources, in the "
                    + "account the stack is in");
        }
    }

    /** The member role trusts the central function's role only: the central account, narrowed to that role's ARN. */
    @Test
    void memberRoleTrustsOnlyTheCentralFunctionsRole() throws IOException {
        JsonNode role = MemberTemplate.read().path("Resources").path("MemberRole");
        assertEquals("CreatesRole", role.path("Condition").asText(), "one role per account: in one region's instance");
        assertEquals(ref("MemberRoleName"), role.path("Properties").path("RoleName"));
        JsonNode trust = role.path("Properties").path("AssumeRolePolicyDocument").path("Statement");
        assertEquals(1, trust.size(), "one trust statement: " + trust);
        JsonNode statement = trust.get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("sts:AssumeRole", statement.path("Action").asText());
        assertEquals(1, statement.path("Principal").size(), "an AWS principal only: " + statement);
        assertTrue(statement.path("Principal").path("AWS").path("Fn::Sub").path(0).asText().endsWith(":root"));
        assertEquals(ref("CentralFunctionRoleArn"),
                statement.path("Condition").path("ArnEquals").path("aws:PrincipalArn"));
        assertEquals(1, statement.path("Condition").size(), "ArnEquals on aws:PrincipalArn only: " + statement);
    }

    /**
     * Members forward what the central rule matches, to the central bus, with a role that may only put events there;
     * the central bus admits the organization only, and the function may assume the member role name in it only.
     */
    @Test
    void membersForwardTheCentralPatternAndTheCentralBusAdmitsTheOrganization() throws IOException {
        JsonNode resources = MemberTemplate.read().path("Resources");
        JsonNode forward = resources.path("ForwardEcsCalls").path("Properties");
        JsonNode centralPattern = function.path("Properties").path("Events").path("EcsApiCalls").path("Properties")
                .path("Pattern");
        assertEquals(centralPattern, forward.path("EventPattern"), "the same pattern as the central rule");
        assertEquals(1, forward.path("Targets").size());
        JsonNode target = forward.path("Targets").get(0);
        assertEquals(ref("CentralEventBusArn"), target.path("Arn"));
        assertEquals(getAtt("ForwardRole", "Arn"), target.path("RoleArn"));
        JsonNode put = resources.path("ForwardRole").path("Properties").path("Policies").get(0).path("PolicyDocument")
                .path("Statement");
        assertEquals(1, put.size());
        assertEquals("events:PutEvents", put.get(0).path("Action").asText());
        assertEquals(ref("CentralEventBusArn"), put.get(0).path("Resource"));

        JsonNode busPolicy = template.path("Resources").path("OrganizationEventsPolicy");
        assertEquals("AWS::Events::EventBusPolicy", busPolicy.path("Type").asText());
        assertEquals("IsOrganization", busPolicy.path("Condition").asText());
        JsonNode admit = busPolicy.path("Properties").path("Statement");
        assertEquals("events:PutEvents", admit.path("Action").asText());
        assertEquals(ref("OrganizationId"), admit.path("Condition").path("StringEquals").path("aws:PrincipalOrgID"));
        assertEquals(parse("{\"Fn::Not\": [{\"Fn::Equals\": [{\"Ref\": \"OrganizationId\"}, \"\"]}]}"),
                template.path("Conditions").path("IsOrganization"));

        JsonNode assume = statement("AssumeMemberRoles");
        assertEquals(Set.of("sts:AssumeRole"), strings(assume.path("Action")));
        assertEquals(NODES.objectNode().put("Fn::Sub", "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}"),
                assume.path("Resource"));
        assertEquals(ref("OrganizationId"), assume.path("Condition").path("StringEquals").path("aws:ResourceOrgID"));
        JsonNode roleName = function.path("Properties").path("Environment").path("Variables")
                .path(dev.ecsguard.aws.MemberRoleClients.ROLE_NAME).path("Fn::If");
        assertEquals("IsOrganization", roleName.path(0).asText());
        assertEquals(ref("MemberRoleName"), roleName.path(1));
        assertEquals("", roleName.path(2).asText(), "empty: a single account");
        assertEquals(template.path("Parameters").path("MemberRoleName").path("Default"),
                MemberTemplate.read().path("Parameters").path("MemberRoleName").path("Default"));
    }

    /** The permissions the fact lookups declare are exactly the actions their sources name. */
    @Test
    void factPermissionsListEveryActionTheLookupsCall() throws IOException {
        Set<String> named = new TreeSet<>();
        java.util.regex.Pattern action = java.util.regex.Pattern.compile("\"((?:ec2|ecr|ecs|iam|logs|secretsmanager|ssm|kms):[A-Z][A-Za-z]+)\"");
        try (var files = Files.list(Path.of("src/main/java/dev/ecsguard/facts/aws"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Lookup.java")).toList()) {
                var matcher = action.matcher(Files.readString(file));
                while (matcher.find()) {
                    named.add(matcher.group(1));
                }
            }
        }
        assertEquals(named, new TreeSet<>(dev.ecsguard.facts.aws.AwsFacts.PERMISSIONS));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (node.isTextual()) {
            values.add(node.asText());
        }
        return values;
    }

    private static JsonNode parse(String json) {
        try {
            return dev.ecsguard.json.Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode ref(String logicalId) {
        return NODES.objectNode().put("Ref", logicalId);
    }

    private static JsonNode getAtt(String logicalId, String attribute) {
        ObjectNode node = NODES.objectNode();
        node.putArray("Fn::GetAtt").add(logicalId).add(attribute);
        return node;
    }

    /**
     * Reads CloudFormation YAML into the JSON form. Jackson's YAML parser does not reject the short-form
     * intrinsic tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...); it reports them as type ids, which
     * this converts to {@code {"Ref": ...}}, {@code {"Fn::GetAtt": [id, attr]}} and {@code {"Fn::X": ...}}.
     */
    static JsonNode readCloudFormationYaml(String yaml) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token = parser.nextToken();
            assertNotNull(token, "empty template");
            return readValue(parser);
        }
    }

    private static JsonNode readValue(JsonParser parser) throws IOException {
        Object typeId = parser.getTypeId();
        String tag = typeId == null ? null : typeId.toString();
        JsonNode value;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    object.set(field, readValue(parser));
                }
                value = object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                value = array;
            }
            case VALUE_STRING -> value = NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> value = NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> value = NODES.booleanNode(true);
            case VALUE_FALSE -> value = NODES.booleanNode(false);
            case VALUE_NULL -> value = NODES.nullNode();
            default -> throw new IOException("unexpected YAML token " + parser.currentToken());
        }
        return intrinsic(tag, value);
    }

    private static JsonNode intrinsic(String tag, JsonNode value) {
        if (tag == null || tag.startsWith("tag:yaml.org,2002:")) {
            return value;
        }
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        ObjectNode node = NODES.objectNode();
        if (name.equals("Ref") || name.equals("Condition")) {
            node.set(name, value);
        } else if (name.equals("GetAtt") && value.isTextual()) {
            String text = value.asText();
            int dot = text.indexOf('.');
            ArrayNode parts = node.putArray("Fn::GetAtt");
            parts.add(dot < 0 ? text : text.substring(0, dot));
            if (dot >= 0) {
                parts.add(text.substring(dot + 1));
            }
        } else {
            node.set("Fn::" + name, value);
        }
        return node;
    }
}
