package dev.ecsguard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/**
 * An account with many task definition families, registered straight in moto: each family with a task role of its
 * own, except those named as sharing one. Used to show that what an event costs does not grow with the account.
 */
public final class ScaledAccount {

  private ScaledAccount() {}

  /** {@code prefix-0} … {@code prefix-(count-1)}; the families whose index is in {@code sharing} use {@code shared}. */
  public static void registerFamilies(MotoAccount account, String prefix, int count, Set<Integer> sharing,
      String sharedRoleArn) throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      ObjectNode request = Json.MAPPER.createObjectNode();
      request.put("family", prefix + "-" + i);
      request.put("taskRoleArn", sharing.contains(i) ? sharedRoleArn
          : "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/" + prefix + "-" + i + "-task");
      ObjectNode container = request.putArray("containerDefinitions").addObject();
      container.put("name", "app");
      container.put("image", "public.ecr.aws/nginx/nginx:1.27");
      container.put("memory", 512);
      account.register(request);
    }
  }

  /**
   * The compliant sample registration, as family {@code family} with this task role (and its first container
   * privileged when asked: a certain HIGH finding), registered in moto, with a fresh event id.
   */
  public static ObjectNode registration(MotoAccount account, String family, String taskRoleArn, boolean privileged)
      throws IOException, InterruptedException {
    ObjectNode event = MotoAccount.event("register-task-definition.json");
    ObjectNode detail = event.with("detail");
    detail.put("eventID", UUID.randomUUID().toString());
    ObjectNode request = detail.with("requestParameters");
    request.put("family", family);
    request.put("taskRoleArn", taskRoleArn);
    ((ObjectNode) request.path("containerDefinitions").get(0)).put("privileged", privileged);
    ObjectNode response = detail.with("responseElements").with("taskDefinition");
    response.put("family", family);
    response.put("taskRoleArn", taskRoleArn);
    account.registerFrom(event);
    return event;
  }

  /** The CloudTrail event of a DeregisterTaskDefinition of {@code arn} (which the caller deregistered in moto). */
  public static ObjectNode deregistration(String arn) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", "AWS API Call via CloudTrail");
    event.put("source", "aws.ecs");
    event.put("account", MotoServer.ACCOUNT);
    event.put("region", MotoServer.REGION);
    ObjectNode detail = event.putObject("detail");
    detail.put("eventSource", "ecs.amazonaws.com");
    detail.put("eventName", "DeregisterTaskDefinition");
    detail.put("awsRegion", MotoServer.REGION);
    detail.put("recipientAccountId", MotoServer.ACCOUNT);
    detail.put("eventID", UUID.randomUUID().toString());
    detail.putObject("requestParameters").put("taskDefinition", arn);
    detail.putObject("responseElements").putObject("taskDefinition").put("taskDefinitionArn", arn)
        .put("status", "INACTIVE");
    return event;
  }
}
