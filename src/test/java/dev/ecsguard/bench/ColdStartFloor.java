package dev.ecsguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.cli.EcsGuardCli;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The floor of a cold invocation: what any Lambda that reads a task definition and publishes to SNS pays
 * before doing anything of its own. It builds the ECS and SNS clients exactly as ecs-guard does (the same
 * {@link AwsClients}, HTTP client and timeouts), makes one {@code DescribeTaskDefinition} (with tags) and
 * one {@code Publish}, and exits. {@code bench/cold-start.sh} runs it beside {@code invoke --aws} in the
 * same run, with the same JVM flags, and reports the ratio: whatever ecs-guard adds to this is its own cost.
 *
 * <p>With {@code --libraries <event file>} it also does the least that the libraries the design card names
 * cost before any rule runs: picocli parses {@code invoke --aws <event file>} into the CLI's command model,
 * Jackson reads the event into a tree, and the result line is written by Jackson. The gap between the two
 * floors is the share of a cold start that belongs to picocli and Jackson, not to ecs-guard's own work.
 *
 * <p>Usage: {@code java -cp target/ecs-guard.jar:target/test-classes dev.ecsguard.bench.ColdStartFloor <task definition ARN> <topic ARN>
 * [--libraries <event file>]}, with the standard AWS environment (region, credentials, {@code AWS_ENDPOINT_URL}).
 */
public final class ColdStartFloor {

  private ColdStartFloor() {}

  public static void main(String[] args) throws IOException {
    boolean libraries = args.length == 4 && args[2].equals("--libraries");
    if (args.length != 2 && !libraries) {
      System.err.println("usage: ColdStartFloor <task definition ARN> <SNS topic ARN> [--libraries <event file>]");
      System.exit(2);
    }
    String taskDefinition = args[0];
    String topic = args[1];
    String region = topic.split(":")[3];
    if (libraries) {
      new CommandLine(new EcsGuardCli()).parseArgs("invoke", "--aws", args[3]);
      JsonNode event = Json.MAPPER.readTree(Files.readAllBytes(Path.of(args[3])));
      if (!event.has("detail")) {
        throw new IllegalArgumentException(args[3] + " is not an EventBridge event");
      }
    }
    try (AwsClients clients = new AwsClients()) {
      String family = clients.ecs(region)
          .describeTaskDefinition(r -> r.taskDefinition(taskDefinition).include(TaskDefinitionField.TAGS))
          .taskDefinition().family();
      String messageId = clients.sns(region)
          .publish(r -> r.topicArn(topic).subject("floor").message("described " + family))
          .messageId();
      System.out.println(libraries
          ? Json.write(Map.of("described", family, "published", messageId))
          : "described " + family + ", published " + messageId);
    }
  }
}
