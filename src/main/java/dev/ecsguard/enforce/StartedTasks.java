package dev.ecsguard.enforce;

import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitionArn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Which of the tasks a RunTask event names may be stopped. The event's list is not trusted (anyone who may invoke
 * the function can forge one naming any task): ECS itself is asked ({@code DescribeTasks}, in the event's cluster
 * and region) and only a task that runs exactly the evaluated revision, in the event's account, region and cluster,
 * is stoppable. Every other task is counted, by why it is left alone, for the outcome to say.
 */
final class StartedTasks {

  /** DescribeTasks takes at most 100 tasks per call. */
  static final int BATCH = 100;

  /** RunTask's cluster when the request names none. */
  static final String DEFAULT_CLUSTER = "default";

  /** {@code arn:aws:ecs:<region>:<account>:task/<cluster>/<id>} (or the old {@code task/<id>}). */
  private static final Pattern TASK_ARN = Pattern.compile(
      "arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\\d{12}):task/(?:([A-Za-z0-9_-]{1,255})/)?([A-Za-z0-9-]+)");

  /**
   * @param stoppable the task ARNs as ECS returned them, each verified
   * @param cluster the cluster they run in (the event's, as an ARN once verified)
   * @param elsewhere named outside the event's account or region, or not a task ARN (never asked about)
   * @param notFound ECS does not know them in the event's cluster
   * @param otherRevision they run another revision than the evaluated one
   * @param otherCluster they run in another cluster than the event's
   * @param unchecked why ECS could not be asked (access denied), or null
   */
  record Checked(List<String> stoppable, String cluster, int elsewhere, int notFound, int otherRevision,
      int otherCluster, String unchecked) {

    static final Checked NOTHING = new Checked(List.of(), null, 0, 0, 0, 0, null);

    Checked {
      stoppable = List.copyOf(stoppable);
    }

    int rejected() {
      return elsewhere + notFound + otherRevision + otherCluster;
    }

    /** {@code "; not stopped: 1 not found, 2 running another revision"}, or empty when every task was stoppable. */
    String notStopped() {
      if (unchecked != null) {
        return "; " + rejected() + " task(s) not stopped: could not check which revision they run (" + unchecked
            + "; the function needs ecs:DescribeTasks)";
      }
      List<String> parts = new ArrayList<>();
      count(parts, notFound, "not found in the event's cluster");
      count(parts, otherRevision, "running another revision");
      count(parts, otherCluster, "in another cluster");
      count(parts, elsewhere, "outside the event's account or region");
      return parts.isEmpty() ? "" : "; not stopped: " + String.join(", ", parts);
    }

    private static void count(List<String> parts, int count, String why) {
      if (count > 0) {
        parts.add(count + " " + why);
      }
    }
  }

  private StartedTasks() {}

  /** The event's started tasks, checked against ECS. Throws {@link dev.ecsguard.aws.TransientAwsException} to retry. */
  static Checked check(EcsClient ecs, TaskDefinitionArn revision, Subject subject) {
    List<String> named = subject.run().map(RunRequest::startedTaskArns).orElse(List.of());
    String cluster = subject.run().map(RunRequest::cluster).filter(c -> c != null && !c.isBlank())
        .orElse(DEFAULT_CLUSTER);
    String clusterArn = cluster.startsWith("arn:") ? cluster
        : "arn:" + revision.partition() + ":ecs:" + revision.region() + ":" + revision.account() + ":cluster/" + cluster;
    List<String> candidates = new ArrayList<>();
    int elsewhere = 0;
    for (String task : named) {
      if (ownTask(task, revision, subject)) {
        candidates.add(task);
      } else {
        elsewhere++;
      }
    }
    if (candidates.isEmpty()) {
      return new Checked(List.of(), clusterArn, elsewhere, 0, 0, 0, null);
    }
    Map<String, Task> described;
    try {
      described = describe(ecs, cluster, candidates);
    } catch (PermanentAwsException e) {
      return new Checked(List.of(), clusterArn, elsewhere, candidates.size(), 0, 0, e.getMessage());
    }
    List<String> stoppable = new ArrayList<>();
    int notFound = 0;
    int otherRevision = 0;
    int otherCluster = 0;
    for (String task : candidates) {
      Task found = described.get(taskId(task));
      if (found == null) {
        notFound++;
      } else if (!clusterArn.equals(found.clusterArn())) {
        otherCluster++; // ECS answers MISSING for a task of another cluster; an emulator may not
      } else if (!revision.toString().equals(found.taskDefinitionArn())) {
        otherRevision++;
      } else if (!stoppable.contains(found.taskArn())) {
        stoppable.add(found.taskArn());
      }
    }
    return new Checked(stoppable, clusterArn, elsewhere, notFound, otherRevision, otherCluster, null);
  }

  /** A task ARN in the evaluated revision's (and the event's) account and region. */
  private static boolean ownTask(String task, TaskDefinitionArn revision, Subject subject) {
    Matcher m = TASK_ARN.matcher(task == null ? "" : task);
    return m.matches() && m.group(1).equals(revision.region()) && m.group(2).equals(revision.account())
        && (subject.region() == null || subject.region().equals(m.group(1)))
        && (subject.account() == null || subject.account().equals(m.group(2)));
  }

  /** The tasks ECS knows in the cluster, by task id; a cluster that does not exist holds none. */
  private static Map<String, Task> describe(EcsClient ecs, String cluster, List<String> tasks) {
    Map<String, Task> byId = new HashMap<>();
    try {
      for (int from = 0; from < tasks.size(); from += BATCH) {
        List<String> batch = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
        for (Task task : ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks()) {
          byId.put(taskId(task.taskArn()), task);
        }
      }
    } catch (ClusterNotFoundException e) {
      return Map.of();
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeTasks", e);
    }
    return byId;
  }

  /** The id after the last {@code /}: the same task whether its ARN is in the long or the old format. */
  private static String taskId(String taskArn) {
    return taskArn == null ? "" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }
}
