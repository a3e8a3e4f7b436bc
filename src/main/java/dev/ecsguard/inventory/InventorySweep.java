package dev.ecsguard.inventory;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.state.RoleInventory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * Rebuilds the task role inventory of one account and region: every ACTIVE family
 * ({@code ecs:ListTaskDefinitionFamilies}, paginated) and its latest ACTIVE revision's task role
 * ({@code ecs:DescribeTaskDefinition}), at a bounded rate so that it never competes with the account's own deploys
 * for ECS's API limits. It runs on its own schedule, never inside an event. A sweep that meets its deadline saves
 * where it is (the page of families and how far into it) and the next run resumes there; families not seen by a
 * completed sweep (deleted meanwhile) are forgotten.
 */
public final class InventorySweep {

  /** The ECS calls a sweep makes; it also reads and writes the state table ({@link dev.ecsguard.state.StateStore}). */
  public static final java.util.List<String> PERMISSIONS = java.util.List.of("ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitionFamilies");

  /** The most calls per second a sweep may be asked to make (DescribeTaskDefinition's sustained rate is 20/s). */
  public static final int MAX_CALLS_PER_SECOND = 20;

  /** Families per ListTaskDefinitionFamilies page (the API's maximum). */
  static final int PAGE = 100;

  /** What a run did. */
  public record Result(int families, int calls, boolean completed, String note) {}

  /** Waits between calls; tests and benchmarks may go faster. */
  public interface Pacer {
    void pace() throws InterruptedException;

    /** At most {@code callsPerSecond} calls per second, evenly spaced. */
    static Pacer perSecond(double callsPerSecond) {
      long interval = (long) (1_000_000_000L / callsPerSecond);
      long[] next = {System.nanoTime()};
      return () -> {
        long wait = next[0] - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        next[0] = Math.max(next[0], System.nanoTime() - interval) + interval;
      };
    }
  }

  private final AwsClients clients;
  private final RoleInventory inventory;
  private final Clock clock;
  private final Pacer pacer;

  public InventorySweep(AwsClients clients, RoleInventory inventory, Clock clock, Pacer pacer) {
    this.clients = clients;
    this.inventory = inventory;
    this.clock = clock;
    this.pacer = pacer;
  }

  /**
   * Sweeps until done or until {@code deadline}, whichever comes first.
   *
   * @throws TransientAwsException when ECS or the table failed; where it was is saved, and the next run resumes
   */
  public Result run(String account, String region, Instant deadline) {
    RoleInventory.SweepCursor cursor = inventory.sweepCursor(account, region)
        .orElseGet(() -> new RoleInventory.SweepCursor(UUID.randomUUID().toString(), null, 0, clock.instant()));
    EcsClient ecs = clients.ecs(region);
    int families = 0;
    int calls = 0;
    String pageToken = cursor.pageToken();
    int skip = cursor.done();
    do {
      String from = pageToken;
      ListTaskDefinitionFamiliesResponse page = paced(() -> ecs.listTaskDefinitionFamilies(r -> r
          .status(TaskDefinitionFamilyStatus.ACTIVE).maxResults(PAGE).nextToken(from)), "ListTaskDefinitionFamilies");
      calls++;
      List<String> names = page.families();
      for (int i = skip; i < names.size(); i++) {
        if (!clock.instant().isBefore(deadline)) {
          // Where it is, to the family: the next run lists this page again and goes on from here.
          inventory.saveSweepCursor(account, region, new RoleInventory.SweepCursor(cursor.sweepId(), pageToken, i,
              cursor.startedAt()));
          return new Result(families, calls, false, "deadline reached; the next run resumes");
        }
        Optional<TaskDefinition> latest = latestActive(ecs, names.get(i));
        calls++;
        families++;
        latest.flatMap(d -> TaskDefinitionArn.parse(d.taskDefinitionArn()).filter(arn -> arn.account().equals(account)))
            .ifPresent(arn -> inventory.record(AwsInventoryUpkeep.stateOf(arn, latest.get().taskRoleArn()),
                Optional.empty(), cursor.sweepId(), clock.instant()));
      }
      skip = 0;
      pageToken = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
      if (pageToken != null) {
        inventory.saveSweepCursor(account, region, new RoleInventory.SweepCursor(cursor.sweepId(), pageToken, 0,
            cursor.startedAt()));
      }
    } while (pageToken != null);
    inventory.completeSweep(account, region, cursor, clock.instant());
    return new Result(families, calls, true, "completed");
  }

  private Optional<TaskDefinition> latestActive(EcsClient ecs, String family) {
    try {
      TaskDefinition latest = paced(() -> ecs.describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition(),
          "DescribeTaskDefinition");
      return Optional.ofNullable(latest).filter(d -> d.status() == TaskDefinitionStatus.ACTIVE);
    } catch (ClientException noActiveRevision) {
      return Optional.empty();
    }
  }

  private <T> T paced(java.util.function.Supplier<T> call, String operation) {
    try {
      pacer.pace();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientAwsException("the inventory sweep was interrupted", e);
    }
    try {
      return call.get();
    } catch (ClientException e) {
      throw e;
    } catch (SdkException e) {
      throw AwsFailures.classify(operation, e);
    }
  }

  /** The default pace: ten calls a second, a small share of ECS's read limits (DescribeTaskDefinition's 20/s). */
  public static final double DEFAULT_CALLS_PER_SECOND = 10;
}
