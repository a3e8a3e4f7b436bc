package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Budget;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.QuestionRecorder;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.state.RoleInventory;
import dev.ecsguard.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The facts of one event, from AWS: lazy (only what rules ask), cached across events, bounded in calls and
 * time, asked in the region the question names. Each lookup lives in its own small class.
 */
public final class AwsFacts implements Facts {

  /** The kinds of fact, each with its own share of the budget. */
  enum Kind { LOG_GROUPS, IMAGES, NETWORK, ROLES, SECRETS, INVENTORY }

  /**
   * The IAM actions the lookups call; the template grants exactly these (a test reads the lookups' sources
   * to keep this list honest). A user who removes one makes the rules that need it answer "could not verify".
   */
  public static final List<String> PERMISSIONS = List.of(
      // keep-sorted start
      "ec2:DescribeRouteTables",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcEndpoints",
      "ecr:DescribeImages",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
      "logs:DescribeLogGroups",
      "secretsmanager:DescribeSecret",
      "ssm:DescribeParameters"
      // keep-sorted end
      );

  private final AwsClients clients;
  private final FactCache cache;
  /** Prefixes the shared cache's keys: in an organization a log group or subnet of one account is not another's. */
  private final String cacheScope;
  /**
   * Every question of this event, answered or in flight: a question is asked at most once per event, and a
   * rule asking what a look-ahead is still asking waits for that answer instead of asking again.
   */
  private final Map<String, Asked> asked = new ConcurrentHashMap<>();
  private final java.util.EnumMap<Kind, FactCalls> calls = new java.util.EnumMap<>(Kind.class);
  private final RoleInventory inventory;
  private final AtomicInteger cacheHits = new AtomicInteger();
  private final Executor lookAhead;

  /**
   * A question of this event. {@code aheadUnclaimed}: asked by the look-ahead and not yet by a rule; the rule's
   * first asking then counts as what it is, the answer to its own question, not as a cache hit.
   */
  private record Asked(FutureTask<Fact<?>> answer, AtomicBoolean aheadUnclaimed) {}

  /** Set on the look-ahead's threads while they ask. */
  private static final ThreadLocal<Boolean> ASKING_AHEAD = ThreadLocal.withInitial(() -> false);

  /** Lookups one after the other, as the rules ask. */
  public AwsFacts(AwsClients clients, FactCache cache, Budget budget) {
    this(clients, StateStore.inMemory().roles(), cache, budget, null);
  }

  /**
   * @param lookAhead where {@link #askAhead} asks its questions together (shared by the events of an execution
   *     environment), or null to ask only as the rules ask
   */
  public AwsFacts(AwsClients clients, RoleInventory inventory, FactCache cache, Budget budget, Executor lookAhead) {
    this(clients, null, inventory, cache, budget, lookAhead);
  }

  /**
   * @param account the account the clients act in, which scopes the cache shared across events (null: the
   *     function's own, a single account)
   */
  public AwsFacts(AwsClients clients, String account, RoleInventory inventory, FactCache cache, Budget budget,
      Executor lookAhead) {
    this.clients = clients;
    this.cacheScope = account == null ? "" : account + "/";
    this.inventory = inventory;
    this.cache = cache;
    java.time.Instant deadline = cache.clock().instant().plus(budget.time());
    for (Kind kind : Kind.values()) {
      calls.put(kind, new FactCalls(budget.maxCalls(), deadline, cache.clock()));
    }
    this.lookAhead = lookAhead;
  }

  /**
   * Starts the dry run's questions on the look-ahead threads and returns at once: a rule that asks one of them
   * later waits for its answer. An answer no rule asks for (the event's copy of a definition differed from the
   * API's) is never reported, so it cannot make an evaluation incomplete.
   */
  @Override
  public void askAhead(Consumer<Facts> dryRun) {
    if (lookAhead == null) {
      return;
    }
    QuestionRecorder recorder = new QuestionRecorder();
    dryRun.accept(recorder);
    for (Function<Facts, Fact<?>> question : recorder.questions()) {
      try {
        lookAhead.execute(() -> {
          ASKING_AHEAD.set(true);
          try {
            question.apply(this);
          } catch (RuntimeException e) {
            // Asked ahead for nobody yet: a rule that asks the same question gets the same failure on its own
            // thread, where it is reported. Here it would only be a stack trace from a background thread (the
            // clients closed under it as `invoke --aws` ends).
          } finally {
            ASKING_AHEAD.set(false);
          }
        });
      } catch (RejectedExecutionException e) {
        return; // the rules ask, one after the other
      }
    }
  }

  /** Asks once per event: the first asker runs the lookup, the others wait for its answer. */
  @SuppressWarnings("unchecked")
  private <T> Fact<T> once(String key, Supplier<Fact<T>> lookup) {
    Asked mine = new Asked(new FutureTask<>(lookup::get), new AtomicBoolean(ASKING_AHEAD.get()));
    Asked first = asked.putIfAbsent(key, mine);
    if (first == null) {
      mine.answer().run();
      first = mine;
    } else if (!mine.aheadUnclaimed().get() && !first.aheadUnclaimed().compareAndSet(true, false)) {
      // A rule's second ask is a hit; a look-ahead that comes after the rule already asked is nobody's (it only
      // happens when the look-ahead threads are late, as on a loaded machine).
      cacheHits.incrementAndGet();
    }
    try {
      return (Fact<T>) first.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Fact.unknown(Fact.Reason.FAILED, "interrupted while waiting for " + key, null);
    } catch (ExecutionException e) {
      // Lookups turn every failure into an unknown; an exception here is a bug, reported as one.
      throw new IllegalStateException("fact lookup failed: " + key, e.getCause());
    }
  }

  private <T> Fact<T> cached(String key, Supplier<Fact<T>> lookup) {
    return once(key, () -> {
      Fact<T> hit = cache.get(cacheScope + key);
      if (hit != null) {
        cacheHits.incrementAndGet();
        return hit;
      }
      Fact<T> fact = lookup.get();
      cache.put(cacheScope + key, fact);
      return fact;
    });
  }

  @Override
  public Fact<Boolean> logGroupExists(String region, String logGroupName) {
    // Only "exists" is remembered. The usual fix for a missing group is to create it and register again at once;
    // a remembered "missing" would fail that retry for the cache's whole TTL.
    String key = "logs:" + region + ":" + logGroupName;
    return once(key, () -> {
      Fact<Boolean> hit = cache.get(cacheScope + key);
      if (hit != null) {
        cacheHits.incrementAndGet();
        return hit;
      }
      Fact<Boolean> fact = LogGroupLookup.exists(calls.get(Kind.LOG_GROUPS), clients, region, logGroupName);
      if (fact instanceof Fact.Known<Boolean> known && known.value()) {
        cache.put(cacheScope + key, fact);
      }
      return fact;
    });
  }

  @Override
  public Fact<Long> imageSize(String region, String registryAccount, String repository, String reference) {
    return cached("ecr:" + region + ":" + registryAccount + ":" + repository + ":" + reference,
        () -> ImageLookup.size(calls.get(Kind.IMAGES), clients, region, registryAccount, repository, reference));
  }

  @Override
  public Fact<SubnetEgress> subnetEgress(String region, String subnetId) {
    return cached("ec2:" + region + ":" + subnetId, () -> NetworkLookup.subnetEgress(calls.get(Kind.NETWORK), clients, region, subnetId));
  }

  @Override
  public Fact<RolePolicies> rolePolicies(String roleArn) {
    return cached("iam:" + roleArn, () -> RoleLookup.policies(calls.get(Kind.ROLES), clients, roleArn));
  }

  @Override
  public Fact<List<String>> familiesUsingTaskRole(String account, String region, String roleArn,
      String exceptFamily) {
    // Not cached across events: the inventory changes with every registration, and reading it is one call.
    return once("inventory:" + account + ":" + region + ":" + roleArn + ":" + exceptFamily,
        () -> InventoryLookup.familiesUsingTaskRole(calls.get(Kind.INVENTORY), inventory, cache, account, region,
            roleArn, exceptFamily));
  }

  @Override
  public Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn) {
    return cached("kms-of:" + secretOrParameterArn, () -> SecretLookup.kmsKey(calls.get(Kind.SECRETS), clients, region, secretOrParameterArn));
  }

  @Override
  public Usage usage() {
    return new Usage(calls.values().stream().mapToInt(FactCalls::calls).sum(), cacheHits.get());
  }

  /**
   * The transient unknowns the rules were answered with: each leaves the evaluation incomplete. In a stable order
   * (lookups asked together fail in any order), so reports and their golden copies stay exact.
   */
  @Override
  public List<Fact.Unknown<?>> transientFailures() {
    List<Fact.Unknown<?>> failures = new ArrayList<>();
    for (Asked question : asked.values()) {
      if (!question.aheadUnclaimed().get() && question.answer().isDone()
          && answerOf(question) instanceof Fact.Unknown<?> unknown && unknown.reason().isTransient()) {
        failures.add(unknown);
      }
    }
    failures.sort(java.util.Comparator.comparing(Fact.Unknown::describe));
    return failures;
  }

  private static Fact<?> answerOf(Asked question) {
    try {
      return question.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      return null;
    }
  }
}
