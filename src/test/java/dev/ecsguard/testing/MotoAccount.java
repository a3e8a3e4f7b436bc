package dev.ecsguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One emulated account in moto: real SDK clients, a topic with an SQS subscriber that shows what SNS
 * delivered, and task definitions registered from the very JSON the sample events carry.
 */
public final class MotoAccount implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final MotoServer moto;
  private final EcsClient ecs;
  private final SnsClient sns;
  private final SqsClient sqs;
  private String topicArn;
  private String queueUrl;

  public MotoAccount(MotoServer moto) {
    this.moto = moto;
    this.ecs = EcsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
        .credentialsProvider(moto.credentials()).build();
    this.sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
        .credentialsProvider(moto.credentials()).build();
    this.sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
        .credentialsProvider(moto.credentials()).build();
  }

  /** The clients ecs-guard itself uses, pointed at moto. */
  public AwsClients guardClients() {
    return new AwsClients(moto.endpoint(), moto.credentials());
  }

  public EcsClient ecs() {
    return ecs;
  }

  /** Creates the alerts topic and an SQS queue subscribed to it (with the SNS envelope, to see the subject). */
  public String createAlertsTopic() {
    topicArn = sns.createTopic(r -> r.name("ecs-guard-alerts")).topicArn();
    queueUrl = sqs.createQueue(r -> r.queueName("alerts-inbox")).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    return topicArn;
  }

  /** Every SNS envelope delivered so far (SNS in moto delivers synchronously). */
  public List<JsonNode> deliveredAlerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    while (true) {
      List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
          .messages();
      if (batch.isEmpty()) {
        return alerts;
      }
      for (Message message : batch) {
        alerts.add(Json.MAPPER.readTree(message.body()));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
  }

  /**
   * Registers a task definition by sending the RegisterTaskDefinition request body as it is (the
   * {@code requestParameters} of a sample event, or a fixture) and returns the new revision's ARN.
   */
  public String register(JsonNode request) throws IOException, InterruptedException {
    ObjectNode body = request.deepCopy();
    for (String readOnly : List.of("taskDefinitionArn", "revision", "status", "registeredAt", "registeredBy",
        "requiresAttributes", "compatibilities", "deregisteredAt")) {
      body.remove(readOnly);
    }
    HttpRequest http = HttpRequest.newBuilder(URI.create(moto.endpoint() + "/"))
        .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition")
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261125/us-east-1/ecs/aws4_request, "
            + "SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
        .build();
    HttpResponse<String> response = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto refused the registration: " + response.statusCode() + " " + response.body());
    }
    return Json.MAPPER.readTree(response.body()).path("taskDefinition").path("taskDefinitionArn").asText();
  }

  public String status(String taskDefinitionArn) {
    return ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinitionArn)).taskDefinition().statusAsString();
  }

  /** A sample event from events/, with its revision ARN and task definition reference pointed at moto's. */
  public static ObjectNode event(String file) throws IOException {
    return (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(Path.of("events", file)));
  }

  /** The event's RegisterTaskDefinition request, registered in moto; the event is rewritten to the new ARN. */
  public String registerFrom(ObjectNode event) throws IOException, InterruptedException {
    String arn = register(event.path("detail").path("requestParameters"));
    ObjectNode registered = (ObjectNode) event.path("detail").path("responseElements").path("taskDefinition");
    registered.put("taskDefinitionArn", arn);
    registered.put("revision", Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1)));
    return arn;
  }

  @Override
  public void close() {
    ecs.close();
    sns.close();
    sqs.close();
  }
}
