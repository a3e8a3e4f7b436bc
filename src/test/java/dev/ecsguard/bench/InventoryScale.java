package dev.ecsguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.state.StateStore;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import dev.ecsguard.testing.ScaledAccount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a registration event costs as the account grows (bench/inventory-scale.sh): moto accounts of 10, 100, 1,000
 * and 5,000 families (three share a task role), the inventory swept, then one warm registration event through the
 * real handler in enforce mode, its AWS calls counted by operation behind a counting proxy. The event registers a
 * fourth family with the shared role, so task-role-not-shared must find the other three at every size.
 */
public final class InventoryScale {

  private static final String SHARED = "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/shared-task";

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = args.length == 0 ? List.of(10, 100, 1_000, 5_000)
        : java.util.Arrays.stream(args).map(Integer::valueOf).toList();
    System.out.println("families | register s | sweep s (ECS calls) | AWS calls in the warm event | by operation"
        + " | sharing found | event ms");
    MotoServer moto = MotoServer.start();
    try {
      for (int size : sizes) {
        moto.reset();
        try (MotoAccount account = new MotoAccount(moto); FaultProxy proxy = new FaultProxy(moto.endpoint());
            AwsClients clients = new AwsClients(proxy.endpoint(), moto.credentials());
            AwsClients direct = new AwsClients(moto.endpoint(), moto.credentials())) {
          account.createSampleLogGroupsAndImages();
          account.createSampleRolesAndSecrets();
          Map<String, String> env = new HashMap<>(account.stateTable());
          env.put("ECS_GUARD_TOPIC_ARN", account.createAlertsTopic());
          env.put("ECS_GUARD_MODE", "enforce");
          long started = System.nanoTime();
          ScaledAccount.registerFamilies(account, "svc", size, Set.of(0, size / 2, size - 1), SHARED);
          double registerSeconds = (System.nanoTime() - started) / 1e9;
          started = System.nanoTime();
          InventorySweep.Result swept = new InventorySweep(direct, StateStore.fromEnvironment(env, direct).roles(),
              Clock.systemUTC(), () -> { }).run(MotoServer.ACCOUNT, MotoServer.REGION, Instant.now().plusSeconds(3600));
          double sweepSeconds = (System.nanoTime() - started) / 1e9;

          GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, clients, LogSink.silent(),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
          invoke(handler, ScaledAccount.registration(account, "warm-up", "arn:aws:iam::" + MotoServer.ACCOUNT
              + ":role/warm-up-task", false));
          account.deliveredAlerts();
          ObjectNode event = ScaledAccount.registration(account, "svc-new", SHARED, false);
          Map<String, Integer> before = proxy.actionCounts();
          long eventStarted = System.nanoTime();
          invoke(handler, event);
          long eventMillis = (System.nanoTime() - eventStarted) / 1_000_000;
          Map<String, Integer> calls = difference(before, proxy.actionCounts());
          List<JsonNode> alerts = account.deliveredAlerts();
          String alert = alerts.isEmpty() ? "" : alerts.get(0).path("Message").asText();
          boolean found = alert.contains("task-role-not-shared") && alert.contains("3 other families");
          System.out.printf(Locale.ROOT, "%,8d | %10.1f | %7.1f (%,d) | %27d | %s | %s | %d%n", size,
              registerSeconds, sweepSeconds, swept.calls(), calls.values().stream().mapToInt(Integer::intValue).sum(),
              calls, found ? "yes" : "NO", eventMillis);
        }
      }
    } finally {
      moto.close();
    }
  }

  private static void invoke(GuardHandler handler, ObjectNode event) throws Exception {
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), new FakeContext("bench"));
  }

  private static Map<String, Integer> difference(Map<String, Integer> before, Map<String, Integer> after) {
    Map<String, Integer> calls = new TreeMap<>();
    after.forEach((action, count) -> {
      int made = count - before.getOrDefault(action, 0);
      if (made > 0) {
        calls.put(action, made);
      }
    });
    return calls;
  }
}
