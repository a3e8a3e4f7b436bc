package dev.ecsguard.handler;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.prime.Priming;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart's runtime hooks. Before the snapshot: prime, so that a restored environment starts with the rule
 * classes, Jackson and the SDK's marshallers loaded and initialised (without calling AWS). After the restore:
 * renew the SDK clients, so that no connection and no credentials of the snapshot are reused.
 *
 * <p>Nothing else must be renewed: the fact cache and the policy hold no answer before the first event (priming
 * runs on its own pipeline), and ecs-guard keeps no random seed or identifier of its own; the SDK draws its
 * retry jitter and invocation ids when it needs them.
 */
final class SnapStartHooks implements Resource {

  private final AwsClients clients;
  private final String region;

  SnapStartHooks(AwsClients clients, String region) {
    this.clients = clients;
    this.region = region;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    try {
      Priming.prime(region);
    } catch (RuntimeException e) {
      // A failed priming costs the first event its warm-up, nothing more: the snapshot goes on.
      System.err.println("ecs-guard: priming failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    clients.renew();
  }
}
