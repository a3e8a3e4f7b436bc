package dev.ecsguard.bench;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.scan.RevisionScan;
import dev.ecsguard.scan.ScanUnit;
import dev.ecsguard.state.StateStore;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import dev.ecsguard.testing.ScaledAccount;
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

/**
 * What a scan costs as the account grows (bench/scan-scale.sh): moto accounts of 100 and 1,000 families (or the sizes
 * given), the task role inventory swept, then a scan of the latest revision of every family through the real
 * pipeline (audit, no topic), unpaced, every AWS call counted by the counting proxy. The calls per family must stay
 * flat: one DescribeTaskDefinition per family, one listing page per 100 (moto answers with one page), and the
 * evaluation's own lookups, cached across families.
 */
public final class ScanScale {

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = args.length == 0 ? List.of(100, 1_000)
        : java.util.Arrays.stream(args).map(Integer::valueOf).toList();
    System.out.println("families | scan s | ms/family | ECS calls (scan) | AWS calls (all) | AWS calls/family | by operation");
    MotoServer moto = MotoServer.start();
    try {
      for (int size : sizes) {
        moto.reset();
        try (MotoAccount account = new MotoAccount(moto); FaultProxy proxy = new FaultProxy(moto.endpoint());
            AwsClients clients = new AwsClients(proxy.endpoint(), moto.credentials());
            AwsClients direct = new AwsClients(moto.endpoint(), moto.credentials())) {
          Map<String, String> env = new HashMap<>(account.stateTable());
          ScaledAccount.registerFamilies(account, "svc", size, Set.of(), null);
          new InventorySweep(direct, StateStore.fromEnvironment(env, direct).roles(), Clock.systemUTC(), () -> { })
              .run(MotoServer.ACCOUNT, MotoServer.REGION, Instant.now().plusSeconds(3600));
          Pipeline pipeline = dev.ecsguard.pipeline.PipelineFactory.forInvoke(env, clients, LogSink.silent(),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), report -> { });
          Map<String, Integer> before = proxy.actionCounts();
          long started = System.nanoTime();
          RevisionScan.Result result = new RevisionScan(clients, StateStore.inMemory().scans(),
              (origin, definition) -> pipeline.evaluateExisting(origin, definition, false, RevisionScan.DEFAULT_REALERT),
              Clock.systemUTC(), () -> { })
              .run(new ScanUnit(MotoServer.ACCOUNT, MotoServer.REGION), new RevisionScan.Scope(null, false),
                  Instant.MAX, RevisionScan.Progress.NONE);
          double seconds = (System.nanoTime() - started) / 1e9;
          Map<String, Integer> calls = new java.util.TreeMap<>();
          proxy.actionCounts().forEach((action, count) -> {
            int n = count - before.getOrDefault(action, 0);
            if (n > 0) {
              calls.put(action, n);
            }
          });
          int all = calls.values().stream().mapToInt(Integer::intValue).sum();
          System.out.printf(Locale.ROOT, "%,8d | %6.1f | %9.1f | %,16d | %,15d | %16.2f | %s%n", result.summary()
              .revisions(), seconds, seconds * 1000 / size, result.ecsCalls(), all, (double) all / size, calls);
        }
      }
    } finally {
      moto.close();
    }
  }
}
