package dev.ecsguard.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsguard.json.Json;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.model.TaskDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/** DescribeTasks in batches of 100, and the event's cluster given by name or by ARN (moto covers the rest). */
class StartedTasksTest {

  private static final String REVISION = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4";
  private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

  private final List<DescribeTasksRequest> requests = new ArrayList<>();

  /** An ECS that knows every task asked about, running the revision in cluster prod. */
  private EcsClient ecs() {
    return new EcsClient() {
      @Override
      public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
        requests.add(request);
        return DescribeTasksResponse.builder().tasks(request.tasks().stream().map(arn -> Task.builder().taskArn(arn)
            .clusterArn(CLUSTER_ARN).taskDefinitionArn(REVISION).build()).toList()).build();
      }

      @Override
      public String serviceName() {
        return "ecs";
      }

      @Override
      public void close() {}
    };
  }

  private static Subject subject(String cluster, List<String> tasks) throws Exception {
    Subject subject = new Subject(TaskDefinitions.fromJson(Json.MAPPER.readTree("{\"family\": \"web\", "
        + "\"taskDefinitionArn\": \"" + REVISION + "\", \"revision\": 4, \"containerDefinitions\": "
        + "[{\"name\": \"app\", \"image\": \"nginx:1\"}]}")), Optional.empty(), "us-east-1", "123456789012");
    return subject.withRun(new RunRequest("web:4", cluster, "FARGATE", null, List.of(), List.of(), null,
        RunRequest.Overrides.NONE, tasks));
  }

  private static List<String> tasks(int count) {
    return IntStream.range(0, count).mapToObj(i -> "arn:aws:ecs:us-east-1:123456789012:task/prod/%032x".formatted(i))
        .toList();
  }

  @Test
  void asksInBatchesOfAHundred() throws Exception {
    StartedTasks.Checked checked = StartedTasks.check(ecs(), TaskDefinitionArn.parse(REVISION).orElseThrow(),
        subject("prod", tasks(250)));

    assertEquals(List.of(100, 100, 50), requests.stream().map(r -> r.tasks().size()).toList());
    assertEquals(250, checked.stoppable().size());
    assertEquals("", checked.notStopped());
  }

  @Test
  void theEventsClusterMatchesByNameOrByArnAndNothingElse() throws Exception {
    TaskDefinitionArn revision = TaskDefinitionArn.parse(REVISION).orElseThrow();
    assertEquals(1, StartedTasks.check(ecs(), revision, subject(CLUSTER_ARN, tasks(1))).stoppable().size());
    StartedTasks.Checked other = StartedTasks.check(ecs(), revision, subject("staging", tasks(1)));
    assertEquals(List.of(), other.stoppable());
    assertEquals("; not stopped: 1 in another cluster", other.notStopped());
    StartedTasks.Checked unnamed = StartedTasks.check(ecs(), revision, subject(null, tasks(1)));
    assertEquals("default", requests.get(requests.size() - 1).cluster(), "RunTask's cluster when none is named");
    assertEquals("; not stopped: 1 in another cluster", unnamed.notStopped());
  }
}
