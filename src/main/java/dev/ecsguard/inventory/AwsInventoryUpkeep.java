package dev.ecsguard.inventory;

import dev.ecsguard.aws.AccountClients;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.state.RoleInventory;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/** {@link InventoryUpkeep} over ECS (the family's latest revision) and ecs-guard's {@link RoleInventory}. */
public final class AwsInventoryUpkeep implements InventoryUpkeep {

  private final AccountClients accounts;
  private final RoleInventory inventory;
  private final Clock clock;

  public AwsInventoryUpkeep(AwsClients clients, RoleInventory inventory, Clock clock) {
    this(AccountClients.single(clients), inventory, clock);
  }

  /** @param accounts the clients of each revision's account (a member role's in an organization) */
  public AwsInventoryUpkeep(AccountClients accounts, RoleInventory inventory, Clock clock) {
    this.accounts = accounts;
    this.inventory = inventory;
    this.clock = clock;
  }

  @Override
  public void registered(TaskDefinition definition) {
    Optional<TaskDefinitionArn> arn = definition.parsedArn();
    if (arn.isEmpty() || !"ACTIVE".equals(definition.status())) {
      return;
    }
    inventory.record(stateOf(arn.get(), definition.taskRoleArn()), Optional.empty(), null, clock.instant());
  }

  @Override
  public void deregistered(TaskDefinitionArn revision) {
    software.amazon.awssdk.services.ecs.model.TaskDefinition latest;
    try {
      // Without a revision, ECS answers with the family's latest ACTIVE one.
      latest = accounts.in(revision.account()).ecs(revision.region()).describeTaskDefinition(r -> r.taskDefinition(revision.family()))
          .taskDefinition();
    } catch (ClientException noActiveRevision) {
      latest = null;
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeTaskDefinition", e);
    }
    Optional<TaskDefinitionArn> latestArn = latest == null || latest.status() != TaskDefinitionStatus.ACTIVE
        ? Optional.empty() : TaskDefinitionArn.parse(latest.taskDefinitionArn());
    if (latestArn.isEmpty()) {
      inventory.forget(revision.account(), revision.region(), revision.family(), revision.revision());
      return;
    }
    inventory.record(stateOf(latestArn.get(), latest.taskRoleArn()), Optional.of(revision.revision()), null,
        clock.instant());
  }

  static RoleInventory.FamilyState stateOf(TaskDefinitionArn revision, String taskRoleArn) {
    return new RoleInventory.FamilyState(revision.account(), revision.region(), revision.family(),
        revision.revision(), roleKey(taskRoleArn));
  }

  static Optional<String> roleKey(String taskRoleArn) {
    return taskRoleArn == null || taskRoleArn.isBlank() ? Optional.empty()
        : Optional.of(RoleInventory.roleKey(taskRoleArn));
  }
}
