package dev.ecsguard.inventory;

import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;

/**
 * Keeps the task role inventory current from the events the function receives: a registration makes its revision
 * the family's latest ACTIVE one; a deregistration of the latest makes the one before it the latest (or forgets the
 * family). A constant number of calls per event, whatever the account's size.
 */
public interface InventoryUpkeep {

  /** A registered revision, as resolved (with its status): recorded when it is ACTIVE. */
  void registered(TaskDefinition definition);

  /** A deregistered revision: the family's latest ACTIVE revision is looked up again. */
  void deregistered(TaskDefinitionArn revision);

  /** Offline: no inventory to keep. */
  InventoryUpkeep NONE = new InventoryUpkeep() {
    @Override
    public void registered(TaskDefinition definition) {}

    @Override
    public void deregistered(TaskDefinitionArn revision) {}
  };
}
