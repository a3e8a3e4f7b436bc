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

    @Test
    void handlerIsTheGuardHandler() {
        JsonNode props = function.path("Properties");
        assertEquals(HANDLER_CLASS + "::" + HANDLER_METHOD, props.path("Handler").asText());
        assertEquals("java21", props.path("Runtime").asText());
        assertEquals("target/ecs-guard.jar", props.path("CodeUri").asText(), "the shade plugin's finalName");

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
        assertEquals(2, eventName.size(), "eventName: " + eventName);
        assertEquals(Set.of("RegisterTaskDefinition", "RunTask"), strings(eventName));

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
        assertEquals(ref("AlertsTopic"), variables.path("ECS_GUARD_TOPIC_ARN"));
        assertEquals(ref("ReportsTopic"), variables.path(dev.ecsguard.notify.AlertTopics.REPORTS));
        assertEquals(ref("ChatTopic"), variables.path(dev.ecsguard.notify.AlertTopics.CHATBOT));
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
        assertEquals(called, actions, "the template grants what the code calls and nothing more");
    }

    /** The email subscription filters on the alert's highest severity; Slack exists only when both ids are given. */
    @Test
    void alertSubscriptionsFilterBySeverityAndSlackIsOptional() {
        JsonNode resources = template.path("Resources");
        JsonNode email = resources.path("AlertsEmailSubscription").path("Properties");
        assertEquals(ref("AlertsTopic"), email.path("TopicArn"));
        assertEquals("MessageAttributes", email.path("FilterPolicyScope").asText());
        JsonNode lookup = email.path("FilterPolicy").path("severity").path("Fn::FindInMap");
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
