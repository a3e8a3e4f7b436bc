package dev.ecsguard.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * A deploy race against moto with the real handler, in enforce mode: the compliant sample registered before its log
 * group exists. By default the missing group is alerted on and the revision stays ACTIVE; with the policy opting in,
 * the group is looked up again after the delay (the injected sleeper stands for the deployment creating it meanwhile).
 */
@ExtendWith(MotoServer.Extension.class)
class DeployRaceMotoTest {

  private static final String GROUP = "/ecs/payments-api";
  private static final String OPT_IN = "{\"rules\": {\"awslogs-group-exists\": {\"enforce\": true}}}";

  private MotoAccount account;
  private AwsClients clients;
  private CloudWatchLogsClient logs;
  private String topicArn;
  private final List<Duration> waited = new ArrayList<>();

  @BeforeEach
  void accountWithoutTheLogGroup() throws IOException {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    account.createSampleLogGroupsAndImages();
    account.createSampleRolesAndSecrets();
    logs = CloudWatchLogsClient.builder().endpointOverride(MotoServer.get().endpoint())
        .region(Region.of(MotoServer.REGION)).credentialsProvider(MotoServer.get().credentials()).build();
    logs.deleteLogGroup(r -> r.logGroupName(GROUP));
    clients = account.guardClients();
    topicArn = account.createAlertsTopic();
  }

  @AfterEach
  void close() {
    logs.close();
    clients.close();
    account.close();
  }

  private String invoke(Map<String, String> extra, ObjectNode event, DeployRaceRecheck.Sleeper sleeper)
      throws IOException {
    Map<String, String> env = new HashMap<>(Map.of("ECS_GUARD_TOPIC_ARN", topicArn, "ECS_GUARD_MODE", "enforce"));
    env.putAll(extra);
    GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, clients, new CapturedLog(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), sleeper));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new FakeContext("req"));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void byDefaultAMissingLogGroupIsAlertedAndTheRevisionStaysActive() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    String arn = account.registerFrom(event);

    String response = invoke(Map.of(), event, waited::add);

    assertTrue(response.contains("\"NONE\""), response);
    assertEquals("ACTIVE", account.status(arn));
    assertEquals(List.of(), waited, "not enforced, so not re-checked");
    List<JsonNode> alerts = account.deliveredAlerts();
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).path("Message").asText().contains("awslogs-group-exists"), "the finding is alerted");
  }

  @Test
  void optedInTheGroupCreatedDuringTheDelayIsNotEnforced() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    String arn = account.registerFrom(event);

    String response = invoke(Map.of("ECS_GUARD_POLICY", OPT_IN, DeployRaceRecheck.DELAY, "0"), event, delay -> {
      waited.add(delay);
      logs.createLogGroup(r -> r.logGroupName(GROUP)); // the deployment, meanwhile
    });

    assertEquals(List.of(Duration.ZERO), waited);
    assertTrue(response.contains("\"NONE\""), response);
    assertTrue(response.contains("awslogs-group-exists re-checked after 0s: 2 now exist: nothing is enforced"), response);
    assertEquals("ACTIVE", account.status(arn));
  }

  @Test
  void optedInTheGroupStillMissingAfterTheDelayIsEnforced() throws Exception {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    String arn = account.registerFrom(event);

    String response = invoke(Map.of("ECS_GUARD_POLICY", OPT_IN, DeployRaceRecheck.DELAY, "0"), event, waited::add);

    assertEquals(List.of(Duration.ZERO), waited);
    assertTrue(response.contains("\"DEREGISTERED\""), response);
    assertTrue(response.contains("awslogs-group-exists re-checked after 0s: 2 still missing"), response);
    assertEquals("INACTIVE", account.status(arn));
  }
}
