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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
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

  /** The name of ecs-guard's state table, as the template makes it: {@code pk}, {@code sk}, on demand. */
  public static final String STATE_TABLE = "ecs-guard-state";

  /**
   * Creates ecs-guard's state table (once per account) and returns the environment that points the function at it.
   */
  public Map<String, String> stateTable() {
    try (software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo =
        software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(moto.endpoint())
            .region(software.amazon.awssdk.regions.Region.of(MotoServer.REGION)).credentialsProvider(moto.credentials())
            .build()) {
      if (!dynamo.listTables().tableNames().contains(STATE_TABLE)) {
        dynamo.createTable(r -> r.tableName(STATE_TABLE)
            .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
            .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
            .attributeDefinitions(d -> d.attributeName("pk").attributeType("S"),
                d -> d.attributeName("sk").attributeType("S")));
      }
    }
    return Map.of("ECS_GUARD_STATE_TABLE", STATE_TABLE, "AWS_REGION", MotoServer.REGION);
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
    return drain(sqs, queueUrl);
  }

  /** Every message waiting in the queue, read and deleted (moto delivers SNS to SQS synchronously). */
  public static List<JsonNode> drain(SqsClient sqs, String queueUrl) throws IOException {
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

  /**
   * What the sample events take for granted about their account, for the live rules: the log groups of the compliant
   * samples ({@code /ecs/payments-api}, {@code /ecs/batch-report}; {@code /ecs/legacy-worker} is missing on purpose)
   * and their same-region ECR images, pushed under the samples' tags and digests (moto takes the digest it is
   * given). moto reports an image's size as its manifest's config size, so each image is given an 80 MiB config:
   * moto says 80 MiB, well under image-size-limit's limits.
   */
  public void createSampleLogGroupsAndImages() throws IOException {
    try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION)).credentialsProvider(moto.credentials()).build();
        EcrClient ecr = EcrClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
            .credentialsProvider(moto.credentials()).build()) {
      logs.createLogGroup(r -> r.logGroupName("/ecs/payments-api"));
      logs.createLogGroup(r -> r.logGroupName("/ecs/batch-report"));
      String registry = MotoServer.ACCOUNT + ".dkr.ecr." + MotoServer.REGION + ".amazonaws.com/";
      Set<String> pushed = new HashSet<>();
      for (String file : List.of("register-task-definition.json", "register-task-definition-shared-role.json")) {
        for (JsonNode container : event(file).path("detail").path("requestParameters").path("containerDefinitions")) {
          String image = container.path("image").asText();
          if (!image.startsWith(registry) || !pushed.add(image)) {
            continue;
          }
          String[] nameAndDigest = image.substring(registry.length()).split("@", 2);
          String repository = nameAndDigest[0].substring(0, nameAndDigest[0].indexOf(':'));
          String tag = nameAndDigest[0].substring(nameAndDigest[0].indexOf(':') + 1);
          String digest = nameAndDigest.length > 1 ? nameAndDigest[1] : null;
          String manifest = """
              {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": %d,
                          "digest": "sha256:%064x"},
               "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1,
                           "digest": "sha256:%064x"}]}""".formatted(80L * 1024 * 1024, pushed.size(), pushed.size());
          ecr.createRepository(r -> r.repositoryName(repository));
          ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest).imageDigest(digest));
        }
      }
    }
  }

  /**
   * The roles and secrets the compliant samples name, for the role and secret rules: {@code payments-api-task} and
   * {@code batch-report} with narrow policies, {@code payments-api-execution} with the managed execution policy and
   * an inline policy reading {@code payments/*} secrets and parameters; the secret and the SecureString parameter
   * the payments sample references. moto cannot give a secret a chosen random suffix, so the secret is named
   * {@code payments/db-AbCdEf}: moto then resolves the sample's {@code …:secret:payments/db-AbCdEf} as a partial ARN
   * of it. {@code legacy-worker-task} (the noncompliant sample) is left out: "could not verify" on purpose.
   */
  public void createSampleRolesAndSecrets() {
    String account = MotoServer.ACCOUNT;
    String region = MotoServer.REGION;
    try (IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
            .credentialsProvider(moto.credentials()).build();
        SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
            .region(Region.of(region)).credentialsProvider(moto.credentials()).build();
        SsmClient ssm = SsmClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
            .credentialsProvider(moto.credentials()).build()) {
      String trust = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
          + "{\"Service\": \"ecs-tasks.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}";
      String executionPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
      for (String role : List.of("payments-api-task", "payments-api-execution", "batch-report")) {
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(trust));
      }
      iam.putRolePolicy(r -> r.roleName("payments-api-task").policyName("receipts").policyDocument(
          "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", "
              + "\"Resource\": \"arn:aws:s3:::payments-receipts/*\"}]}"));
      iam.attachRolePolicy(r -> r.roleName("payments-api-execution").policyArn(executionPolicy));
      iam.putRolePolicy(r -> r.roleName("payments-api-execution").policyName("payments-secrets").policyDocument(
          "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
              + "\"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"arn:aws:secretsmanager:" + region + ":"
              + account + ":secret:payments/*\"}, {\"Effect\": \"Allow\", \"Action\": \"ssm:GetParameters\", "
              + "\"Resource\": \"arn:aws:ssm:" + region + ":" + account + ":parameter/payments/*\"}]}"));
      iam.attachRolePolicy(r -> r.roleName("batch-report").policyArn(executionPolicy));
      iam.putRolePolicy(r -> r.roleName("batch-report").policyName("reports").policyDocument(
          "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", "
              + "\"Resource\": \"arn:aws:s3:::batch-reports/*\"}]}"));
      secrets.createSecret(r -> r.name("payments/db-AbCdEf").secretString("not-a-real-password"));
      ssm.putParameter(r -> r.name("/payments/stripe-api-key").value("not-a-real-key")
          .type(ParameterType.SECURE_STRING));
    }
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

  /** A Fargate task started in moto, and the sample RunTask event rewritten to it (a fresh copy each time). */
  public record FargateRun(String definitionArn, String taskArn, ObjectNode event) {
    @Override
    public ObjectNode event() {
      return event.deepCopy();
    }
  }

  /**
   * A Fargate task really started in moto (ecosystem.md §3: a VPC with DNS hostnames, containers with their own
   * memory; the subnet on the VPC's main route table), and the sample RunTask event rewritten to it: its revision,
   * cluster {@code prod} and task ARN.
   */
  public FargateRun startFargateTask() throws IOException, InterruptedException {
    String subnet;
    String group;
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint())
        .region(Region.of(MotoServer.REGION)).credentialsProvider(moto.credentials()).build()) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
      ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(b -> b.value(true)));
      subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.1.0/24")).subnet().subnetId();
      group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("app").description("app")).groupId();
    }
    ObjectNode registration = event("register-task-definition.json");
    for (JsonNode container : registration.path("detail").path("requestParameters").path("containerDefinitions")) {
      if (!container.has("memory")) {
        ((ObjectNode) container).put("memory", 512);
      }
    }
    String arn = registerFrom(registration);
    ecs.createCluster(r -> r.clusterName("prod"));
    String taskArn = ecs.runTask(r -> r.cluster("prod").taskDefinition(arn).launchType("FARGATE")
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(group))))
        .tasks().get(0).taskArn();
    ObjectNode run = event("run-task.json");
    ObjectNode request = (ObjectNode) run.path("detail").path("requestParameters");
    request.put("taskDefinition", arn);
    ObjectNode vpcConfig = (ObjectNode) request.path("networkConfiguration").path("awsvpcConfiguration");
    vpcConfig.putArray("subnets").add(subnet);
    vpcConfig.putArray("securityGroups").add(group);
    for (JsonNode task : run.path("detail").path("responseElements").path("tasks")) {
      ((ObjectNode) task).put("taskDefinitionArn", arn).put("taskArn", taskArn);
    }
    return new FargateRun(arn, taskArn, run);
  }

  @Override
  public void close() {
    ecs.close();
    sns.close();
    sqs.close();
  }
}
