package dev.ecsguard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, two adapters: the DynamoDB state table (in moto) and the in-memory state of the CLI and tests
 * answer every question the same way, so that offline runs and the Lambda see the same verdicts.
 */
@ExtendWith(MotoServer.Extension.class)
class StateStoreContractMotoTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static AwsClients clients;
  private static MotoAccount account;

  @BeforeAll
  static void table() {
    MotoServer.get().reset();
    account = new MotoAccount(MotoServer.get());
    clients = new AwsClients(MotoServer.get().endpoint(), MotoServer.get().credentials());
  }

  @AfterAll
  static void close() {
    clients.close();
    account.close();
  }

  /** A fresh store of each kind; the DynamoDB one in a table of its own (fresh keys per test by a unique family). */
  static Stream<String> stores() {
    return Stream.of("memory", "dynamodb");
  }

  private static StateStore store(String kind) {
    return kind.equals("memory") ? StateStore.inMemory() : StateStore.fromEnvironment(account.stateTable(), clients);
  }

  private static TaskDefinitionArn revision(String family, int revision) {
    return TaskDefinitionArn.parse("arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + revision)
        .orElseThrow();
  }

  private static String unique(String name) {
    return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @MethodSource("stores")
  void theValveCountsDistinctActionsWithinTheWindowAndGrantsARetryAgain(String kind) {
    ActionLedger ledger = store(kind).actions();
    String family = unique("web");
    for (int i = 1; i <= 2; i++) {
      assertInstanceOf(ActionLedger.Claim.Granted.class,
          ledger.claim(revision(family, i), ActionLedger.Kind.DEREGISTER, NOW, 2, HOUR));
    }
    assertInstanceOf(ActionLedger.Claim.Granted.class,
        ledger.claim(revision(family, 2), ActionLedger.Kind.DEREGISTER, NOW.plusSeconds(5), 2, HOUR),
        "a retry of a counted action is granted, and not counted twice");
    ActionLedger.Claim held = ledger.claim(revision(family, 3), ActionLedger.Kind.DEREGISTER, NOW, 2, HOUR);
    assertEquals(new ActionLedger.Claim.Held(2), held);
    assertInstanceOf(ActionLedger.Claim.Granted.class,
        ledger.claim(revision(family, 3), ActionLedger.Kind.DEREGISTER, NOW.plus(HOUR).plusSeconds(1), 2, HOUR),
        "outside the window the old actions no longer count");
    assertInstanceOf(ActionLedger.Claim.Granted.class,
        ledger.claim(revision(unique("other"), 1), ActionLedger.Kind.DEREGISTER, NOW, 2, HOUR), "per family");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void eightConcurrentClaimsOnOneFamilyGrantExactlyTheBound(String kind) throws Exception {
    ActionLedger ledger = store(kind).actions();
    String family = unique("busy");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ActionLedger.Claim>> claims = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        TaskDefinitionArn arn = revision(family, i);
        claims.add(threads.submit(() -> {
          start.await();
          return ledger.claim(arn, ActionLedger.Kind.DEREGISTER, NOW, 3, HOUR);
        }));
      }
      start.countDown();
      int granted = 0;
      for (Future<ActionLedger.Claim> claim : claims) {
        granted += claim.get(60, TimeUnit.SECONDS) instanceof ActionLedger.Claim.Granted ? 1 : 0;
      }
      assertEquals(3, granted);
    } finally {
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void anActionIsRecordedIntendedThenDone(String kind) {
    ActionLedger ledger = store(kind).actions();
    TaskDefinitionArn arn = revision(unique("api"), 7);
    assertEquals(Optional.empty(), ledger.entry(arn, ActionLedger.Kind.DEREGISTER));
    ActionLedger.Entry intended = new ActionLedger.Entry(arn, ActionLedger.Kind.DEREGISTER, "event-1", NOW, null);
    ledger.record(intended);
    assertEquals(Optional.of(intended), ledger.entry(arn, ActionLedger.Kind.DEREGISTER));
    ledger.record(intended.done(NOW.plusSeconds(1)));
    assertEquals(NOW.plusSeconds(1), ledger.entry(arn, ActionLedger.Kind.DEREGISTER).orElseThrow().doneAt());
    assertEquals(Optional.empty(), ledger.entry(arn, ActionLedger.Kind.STOP_TASKS));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void deliveredFormsAccumulateAndRepeatsAreClaimedOncePerWindow(String kind) {
    AlertLedger alerts = store(kind).alerts();
    String event = unique("event");
    assertEquals(Set.of(), alerts.delivered(event));
    alerts.recordDelivered(event, Set.of("alerts"), NOW);
    alerts.recordDelivered(event, Set.of("reports", "alerts"), NOW);
    assertEquals(Set.of("alerts", "reports"), alerts.delivered(event));

    String revision = revision(unique("cron"), 1).toString();
    assertTrue(alerts.claimAlert(revision, "digest", "run-1", NOW, Duration.ofDays(1)));
    assertTrue(alerts.claimAlert(revision, "digest", "run-1", NOW.plusSeconds(60), Duration.ofDays(1)),
        "the same event, retried, may alert");
    assertFalse(alerts.claimAlert(revision, "digest", "run-2", NOW.plusSeconds(60), Duration.ofDays(1)),
        "another event with the same findings within the window may not");
    assertTrue(alerts.claimAlert(revision, "other-digest", "run-2", NOW.plusSeconds(60), Duration.ofDays(1)),
        "other findings may");
    assertTrue(alerts.claimAlert(revision, "digest", "run-3", NOW.plus(Duration.ofDays(1)).plusSeconds(61),
        Duration.ofDays(1)), "after the window it alerts again");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void theInventoryKeepsTheNewestRevisionWhateverTheOrderOfEvents(String kind) {
    RoleInventory inventory = store(kind).roles();
    String region = "eu-west-" + (kind.equals("memory") ? "1" : "3");
    String family = unique("svc");
    String account = "123456789012";
    inventory.record(state(account, region, family, 5, "role-b"), Optional.empty(), null, NOW);
    inventory.record(state(account, region, family, 4, "role-a"), Optional.empty(), null, NOW);
    assertEquals(List.of(family), inventory.familiesUsing(account, region, "role-b", "someone"),
        "an older revision arriving late does not roll the family back");
    assertEquals(List.of(), inventory.familiesUsing(account, region, "role-a", "someone"));

    inventory.record(state(account, region, family, 4, "role-a"), Optional.of(5), null, NOW);
    assertEquals(List.of(family), inventory.familiesUsing(account, region, "role-a", "someone"),
        "revision 5 deregistered: 4 is the latest again");
    assertEquals(List.of(), inventory.familiesUsing(account, region, "role-b", "someone"), "moved, not copied");

    inventory.forget(account, region, family, 3);
    assertEquals(List.of(family), inventory.familiesUsing(account, region, "role-a", "someone"),
        "forgetting another revision changes nothing");
    inventory.forget(account, region, family, 4);
    assertEquals(List.of(), inventory.familiesUsing(account, region, "role-a", "someone"));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aCompletedSweepForgetsWhatItDidNotSeeUnlessAnEventRecordedItSince(String kind) {
    RoleInventory inventory = store(kind).roles();
    String region = "ap-south-" + (kind.equals("memory") ? "1" : "2");
    String account = "123456789012";
    String gone = unique("gone");
    String seen = unique("seen");
    String late = unique("late");
    inventory.record(state(account, region, gone, 1, "shared"), Optional.empty(), null, NOW.minusSeconds(60));
    RoleInventory.SweepCursor sweep = new RoleInventory.SweepCursor("sweep-1", null, 0, NOW);
    inventory.saveSweepCursor(account, region, sweep);
    inventory.record(state(account, region, seen, 1, "shared"), Optional.empty(), "sweep-1", NOW.plusSeconds(1));
    inventory.record(state(account, region, late, 1, "shared"), Optional.empty(), null, NOW.plusSeconds(2));
    assertEquals(Optional.empty(), inventory.completedSweep(account, region));

    inventory.completeSweep(account, region, sweep, NOW.plusSeconds(3));

    assertEquals(Optional.of(NOW.plusSeconds(3)), inventory.completedSweep(account, region));
    assertEquals(Set.of(seen, late), Set.copyOf(inventory.familiesUsing(account, region, "shared", "nobody")));
    assertEquals(Optional.empty(), inventory.sweepCursor(account, region), "the next sweep starts afresh");
  }

  private static RoleInventory.FamilyState state(String account, String region, String family, int revision,
      String role) {
    return new RoleInventory.FamilyState(account, region, family, revision, Optional.of(role));
  }
}
