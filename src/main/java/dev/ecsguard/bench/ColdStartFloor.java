package dev.ecsguard.bench;

import dev.ecsguard.aws.AwsClients;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The floor of a cold invocation: what any Lambda that reads a task definition and publishes to SNS pays
 * before doing anything of its own. It builds the ECS and SNS clients exactly as ecs-guard does (the same
 * {@link AwsClients}, HTTP client and timeouts), makes one {@code DescribeTaskDefinition} (with tags) and
 * one {@code Publish}, and exits. {@code bench/cold-start.sh} runs it beside {@code invoke --aws} in the
 * same run, with the same JVM flags, and reports the ratio: whatever ecs-guard adds to this is its own cost.
 *
 * <p>Usage: {@code java -cp ecs-guard.jar dev.ecsguard.bench.ColdStartFloor <task definition ARN> <topic ARN>},
 * with the standard AWS environment (region, credentials, {@code AWS_ENDPOINT_URL}).
 */
public final class ColdStartFloor {

  private ColdStartFloor() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ColdStartFloor <task definition ARN> <SNS topic ARN>");
      System.exit(2);
    }
    String taskDefinition = args[0];
    String topic = args[1];
    String region = topic.split(":")[3];
    try (AwsClients clients = new AwsClients()) {
      String family = clients.ecs(region)
          .describeTaskDefinition(r -> r.taskDefinition(taskDefinition).include(TaskDefinitionField.TAGS))
          .taskDefinition().family();
      String messageId = clients.sns(region)
          .publish(r -> r.topicArn(topic).subject("floor").message("described " + family))
          .messageId();
      System.out.println("described " + family + ", published " + messageId);
    }
  }
}
