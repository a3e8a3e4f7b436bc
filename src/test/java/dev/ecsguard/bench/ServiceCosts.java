package dev.ecsguard.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.ecsguard.aws.AwsClients;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * What each AWS service adds to a cold start, one after another in a fresh JVM: the floor's two (ECS, SNS), then the
 * three that a cold {@code invoke --aws} of the non-compliant sample also looks things up in (IAM, ECR in the image's
 * region, CloudWatch Logs). Each step builds its client as ecs-guard does ({@link AwsClients}) and makes one call;
 * it is timed in wall time and in CPU time of the whole process (the JIT compilers and the GC included). The first
 * service pays for the SDK itself; the later ones show what one more service costs.
 *
 * <p>Usage: {@code java -cp target/ecs-guard.jar:target/test-classes dev.ecsguard.bench.ServiceCosts <task definition ARN> <topic ARN>},
 * with the standard AWS environment; prints {@code step<TAB>wall ms<TAB>CPU ms} lines. The lookups may be
 * answered "not found" (the bench's moto holds no role, repository or log group): that is a whole call too.
 */
public final class ServiceCosts {

  private ServiceCosts() {}

  public static void main(String[] args) {
    String taskDefinition = args[0];
    String topic = args[1];
    String region = topic.split(":")[3];
    Steps steps = new Steps();
    try (AwsClients clients = new AwsClients()) {
      steps.time("ECS: DescribeTaskDefinition", () -> clients.ecs(region)
          .describeTaskDefinition(r -> r.taskDefinition(taskDefinition).include(TaskDefinitionField.TAGS)));
      steps.time("SNS: Publish", () -> clients.sns(region).publish(r -> r.topicArn(topic).message("service costs")));
      steps.time("IAM: GetRole", () -> clients.iam().getRole(r -> r.roleName("legacy-worker-task")));
      steps.time("ECR (eu-west-1): DescribeImages", () -> clients.ecr("eu-west-1")
          .describeImages(r -> r.repositoryName("legacy-worker").imageIds(i -> i.imageTag("2.0"))));
      steps.time("Logs: DescribeLogGroups", () -> clients.logs(region)
          .describeLogGroups(r -> r.logGroupNamePrefix("/ecs/legacy-worker")));
    }
    steps.lines.forEach(System.out::println);
  }

  private static final class Steps {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    final List<String> lines = new ArrayList<>();
    long wall = System.nanoTime();
    long cpu = os.getProcessCpuTime();

    Steps() {
      // Up to here: the JVM's own start, and this program's first classes.
      lines.add("JVM start to main\t" + ManagementFactory.getRuntimeMXBean().getUptime() + "\t" + cpu / 1_000_000);
    }

    void time(String name, Runnable call) {
      try {
        call.run();
      } catch (SdkServiceException notFound) {
        // An error answer is a whole call as well: request, signature, response, unmarshalling.
      }
      long nowWall = System.nanoTime();
      long nowCpu = os.getProcessCpuTime();
      lines.add(name + "\t" + (nowWall - wall) / 1_000_000 + "\t" + (nowCpu - cpu) / 1_000_000);
      wall = nowWall;
      cpu = nowCpu;
    }
  }
}
