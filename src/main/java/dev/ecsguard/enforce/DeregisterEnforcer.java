package dev.ecsguard.enforce;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.policy.Decision;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;

/**
 * Deregisters the evaluated revision by its full ARN, in the ARN's own region. Deregistration does not
 * stop running tasks or services; it stops new ones from using the revision.
 */
public final class DeregisterEnforcer implements Enforcer {

  /** The IAM actions this adapter calls; the template must grant them. */
  public static final java.util.List<String> PERMISSIONS = java.util.List.of("ecs:DeregisterTaskDefinition");

  private final AwsClients clients;

  public DeregisterEnforcer(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public Outcome apply(Decision decision, TaskDefinition definition) {
    if (!decision.deregister()) {
      return Outcome.none(decision.reason());
    }
    TaskDefinitionArn arn = definition.parsedArn()
        .orElseThrow(() -> new IllegalStateException("a decision to deregister needs a revision ARN"));
    if ("INACTIVE".equals(definition.status())) {
      return new Outcome(Action.ALREADY_INACTIVE, definition.displayName() + " was already INACTIVE");
    }
    try {
      DeregisterTaskDefinitionResponse response = clients.ecs(arn.region())
          .deregisterTaskDefinition(r -> r.taskDefinition(arn.toString()));
      String status = response.taskDefinition() == null ? "INACTIVE" : response.taskDefinition().statusAsString();
      return new Outcome(Action.DEREGISTERED,
          "deregistered " + definition.displayName() + " (now " + status + "): " + decision.reason()
              + "; running tasks and services are not stopped");
    } catch (ClientException e) {
      // A retry after a partial success, or someone faster than us: the revision is already inactive.
      if (AwsFailures.mentionsInactive(e)) {
        return new Outcome(Action.ALREADY_INACTIVE, definition.displayName() + " was already INACTIVE");
      }
      throw AwsFailures.classify("DeregisterTaskDefinition", e);
    } catch (SdkException e) {
      throw AwsFailures.classify("DeregisterTaskDefinition", e);
    }
  }
}
