package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * SnapStart's hooks against moto, through a proxy that counts what reaches it: priming before the snapshot
 * calls nothing, and after the restore every client is new (no connection, no credentials of the snapshot) and works.
 */
@ExtendWith(MotoServer.Extension.class)
class SnapStartHooksMotoTest {

  private static final String REGION = "us-east-1";

  @Test
  void primingCallsNothingAndTheRestoredClientsAreNewAndWork() throws Exception {
    MotoServer moto = MotoServer.get();
    moto.reset();
    try (FaultProxy proxy = new FaultProxy(moto.endpoint());
        AwsClients clients = new AwsClients(proxy.endpoint(), moto.credentials())) {
      EcsClient beforeSnapshot = clients.ecs(REGION);
      String arn = beforeSnapshot.registerTaskDefinition(r -> r.family("restored")
          .containerDefinitions(ContainerDefinition.builder().name("app").image("nginx").memory(128).build()))
          .taskDefinition().taskDefinitionArn();
      SnapStartHooks hooks = new SnapStartHooks(clients, REGION);

      hooks.beforeCheckpoint(null);
      assertEquals(0, proxy.calls("DescribeTaskDefinition"), "priming answers itself: nothing reaches AWS");
      assertEquals(0, proxy.calls("Publish"));

      hooks.afterRestore(null);
      EcsClient restored = clients.ecs(REGION);
      assertNotSame(beforeSnapshot, restored, "a new client, with a new HTTP client and credentials read again");
      assertEquals("restored", restored.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition().family());
      assertEquals(1, proxy.calls("DescribeTaskDefinition"));
    }
  }
}
