package dev.ecsguard.event;

import static dev.ecsguard.json.Json.array;
import static dev.ecsguard.json.Json.strings;
import static dev.ecsguard.json.Json.text;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.InvalidTaskDefinitionException;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EventBridge envelope around a CloudTrail record → {@link ApiCall}. Never throws on bad input: anything it
 * cannot use becomes {@link ApiCall.Skipped} with a reason that quotes no value from the event.
 */
public final class CloudTrailEvents {

  public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
  public static final String SOURCE = "aws.ecs";
  public static final String EVENT_SOURCE = "ecs.amazonaws.com";
  public static final String REGISTER = "RegisterTaskDefinition";
  public static final String RUN = "RunTask";
  public static final String DEREGISTER = "DeregisterTaskDefinition";

  private static final ApiCall.Origin UNKNOWN = new ApiCall.Origin(null, null, null, null, null, null);

  private CloudTrailEvents() {}

  public static ApiCall parse(byte[] raw) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(raw);
    } catch (JacksonException malformed) {
      return new ApiCall.Skipped(UNKNOWN, "malformed event: " + Json.describe(malformed), true);
    } catch (IOException unreadable) {
      return new ApiCall.Skipped(UNKNOWN, "malformed event: unreadable", true);
    }
    if (root == null || !root.isObject()) {
      return new ApiCall.Skipped(UNKNOWN, "malformed event: not a JSON object", true);
    }
    return parse(root);
  }

  /** An event larger than the input cap, which was not read: malformed, like one that is not JSON. */
  public static ApiCall.Skipped tooLarge(String reason) {
    return new ApiCall.Skipped(UNKNOWN, "malformed event: " + reason, true);
  }

  public static ApiCall parse(JsonNode root) {
    JsonNode detail = root.get("detail");
    if (detail == null || !detail.isObject()) {
      return new ApiCall.Skipped(UNKNOWN, "not an EventBridge event with a detail object", true);
    }
    ApiCall.Origin origin = origin(root, detail);
    if (!DETAIL_TYPE.equals(text(root, "detail-type"))) {
      return new ApiCall.Skipped(origin, "detail-type is not '" + DETAIL_TYPE + "'", false);
    }
    if (!SOURCE.equals(text(root, "source")) || !EVENT_SOURCE.equals(text(detail, "eventSource"))) {
      return new ApiCall.Skipped(origin, "not an ECS API call", false);
    }
    if (text(detail, "errorCode") != null) {
      return new ApiCall.Skipped(origin, "the call failed (" + safe(text(detail, "errorCode")) + "): nothing was created", false);
    }
    String eventName = origin.eventName();
    if (REGISTER.equals(eventName)) {
      return registration(origin, detail);
    }
    if (RUN.equals(eventName)) {
      return run(origin, detail);
    }
    if (DEREGISTER.equals(eventName)) {
      String arn = text(detail.path("responseElements").path("taskDefinition"), "taskDefinitionArn");
      return arn == null
          ? new ApiCall.Skipped(origin, "DeregisterTaskDefinition without the deregistered revision's ARN", true)
          : new ApiCall.Deregistration(origin, arn);
    }
    return new ApiCall.Skipped(origin, "event " + safe(eventName) + " is not evaluated", false);
  }

  private static ApiCall.Origin origin(JsonNode root, JsonNode detail) {
    String region = text(detail, "awsRegion") != null ? text(detail, "awsRegion") : text(root, "region");
    String account = text(detail, "recipientAccountId") != null ? text(detail, "recipientAccountId") : text(root, "account");
    JsonNode identity = detail.get("userIdentity");
    String caller = text(identity, "arn") != null ? text(identity, "arn") : text(identity, "invokedBy");
    return new ApiCall.Origin(
        safe(text(detail, "eventID") != null ? text(detail, "eventID") : text(root, "id")),
        safe(text(detail, "eventName")), safe(text(detail, "eventTime")), safe(region), safe(account), safe(caller, 256));
  }

  private static ApiCall registration(ApiCall.Origin origin, JsonNode detail) {
    JsonNode request = detail.get("requestParameters");
    JsonNode response = detail.get("responseElements");
    JsonNode registered = response == null ? null : response.get("taskDefinition");
    String arn = text(registered, "taskDefinitionArn");
    String family = text(registered, "family") != null ? text(registered, "family") : text(request, "family");
    if (arn == null && family == null) {
      return new ApiCall.Skipped(origin, "RegisterTaskDefinition without a task definition ARN or family", true);
    }
    return new ApiCall.Registration(origin, arn, family, embedded(registered, request, arn));
  }

  /**
   * The definition as the event carries it: the response (what ECS stored), else the request with the
   * response's ARN. Either may be missing or truncated by CloudTrail ({@code "omitted": true}).
   */
  private static Optional<TaskDefinition> embedded(JsonNode registered, JsonNode request, String arn) {
    for (JsonNode candidate : new JsonNode[] {registered, request}) {
      if (candidate == null || !candidate.isObject() || candidate.path("omitted").asBoolean(false)) {
        continue;
      }
      try {
        TaskDefinition definition = TaskDefinitions.fromJson(candidate);
        if (definition.arn() == null && arn != null) {
          com.fasterxml.jackson.databind.node.ObjectNode withArn = candidate.deepCopy();
          withArn.put("taskDefinitionArn", arn);
          withArn.set("revision", registered == null ? null : registered.get("revision"));
          definition = TaskDefinitions.fromJson(withArn);
        }
        return Optional.of(definition);
      } catch (InvalidTaskDefinitionException incomplete) {
        // try the next candidate
      }
    }
    return Optional.empty();
  }

  private static ApiCall run(ApiCall.Origin origin, JsonNode detail) {
    JsonNode request = detail.get("requestParameters");
    String taskDefinition = text(request, "taskDefinition");
    if (taskDefinition == null) {
      return new ApiCall.Skipped(origin, "RunTask without a task definition in requestParameters", true);
    }
    JsonNode response = detail.get("responseElements");
    String startedRevision = null;
    for (JsonNode task : array(response, "tasks")) {
      if (startedRevision == null) {
        startedRevision = text(task, "taskDefinitionArn");
      }
    }
    RunRequest run = runRequest(request, response);
    return new ApiCall.Run(origin, run, startedRevision);
  }

  /** A RunTask request and response (either may be null); public so tests map request files the same way. */
  public static RunRequest runRequest(JsonNode request, JsonNode response) {
    JsonNode vpc = request == null ? null : request.path("networkConfiguration").path("awsvpcConfiguration");
    List<String> taskArns = new ArrayList<>();
    for (JsonNode task : array(response, "tasks")) {
      if (text(task, "taskArn") != null) {
        taskArns.add(text(task, "taskArn"));
      }
    }
    return new RunRequest(
        text(request, "taskDefinition"),
        text(request, "cluster"),
        text(request, "launchType"),
        text(request, "platformVersion"),
        strings(vpc, "subnets"),
        strings(vpc, "securityGroups"),
        vpc == null || vpc.isMissingNode() ? null : text(vpc, "assignPublicIp"),
        overrides(request == null ? null : request.get("overrides")),
        List.copyOf(taskArns));
  }

  /** RunTask {@code overrides}. */
  static RunRequest.Overrides overrides(JsonNode node) {
    if (node == null || !node.isObject()) {
      return RunRequest.Overrides.NONE;
    }
    List<RunRequest.ContainerOverride> containers = new ArrayList<>();
    List<JsonNode> entries = array(node, "containerOverrides");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      containers.add(new RunRequest.ContainerOverride(
          i, text(entry, "name"), TaskDefinitions.environment(entry, "environment"), strings(entry, "command")));
    }
    return new RunRequest.Overrides(text(node, "taskRoleArn"), text(node, "executionRoleArn"),
        text(node, "cpu"), text(node, "memory"), List.copyOf(containers));
  }

  /** Identifiers from the event go into log lines: keep them short and printable. */
  private static String safe(String value) {
    return safe(value, 128);
  }

  /** @param longest an assumed-role ARN with its session name reaches about 180 characters */
  private static String safe(String value, int longest) {
    if (value == null) {
      return null;
    }
    String printable = value.replaceAll("[^A-Za-z0-9:/._@+=,-]", "?");
    return printable.length() > longest ? printable.substring(0, longest) + "…" : printable;
  }
}
