package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Kind;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A burst: 1,000 RegisterTaskDefinition events, a third of them non-compliant, through the real handler
 * ({@link dev.ecsguard.pipeline.PipelineFactory#forAws} with real SDK clients) against moto in enforce mode, once on a clean network and once
 * through a {@link FaultProxy} that throttles, answers 500, holds requests past the client timeout and resets
 * connections on a fixed schedule. Then, exactly: every non-compliant event's alert arrived once in each of the three
 * topics' SQS subscriptions (keyed by CloudTrail event id), none for a compliant one; the revisions deregistered are
 * exactly the non-compliant ones, and each was the subject of one DeregisterTaskDefinition request that reached moto.
 *
 * <p><b>How it is run.</b> {@value #ENVIRONMENTS} execution environments, each a {@link GuardHandler} with its own
 * {@link AwsClients} (its own HTTP connections and fact cache, as Lambda builds per environment), take events from one
 * queue on their own threads, one event at a time each, as concurrent Lambda instances do. An invocation that fails is
 * put back at the end of the queue, the same bytes (same CloudTrail event id), as Lambda's asynchronous invocation
 * retries it, possibly in another environment. Lambda retries a failed asynchronous invocation twice, then the
 * on-failure destination (the dead-letter queue) keeps it; here an event is retried until it succeeds (at most
 * {@value #MAX_ATTEMPTS} attempts) and the figures say how many needed more than Lambda's three.
 *
 * <p><b>Safety valve.</b> The default valve (5 actions per family per hour) stays on and is exercised (every
 * deregistration first lists the family's revisions and reads their tags): three revisions per family, the third
 * non-compliant, so no family comes near five actions and the expectation stays exact (each non-compliant revision is
 * deregistered, never held by the valve). Turning the valve off would hide its AWS calls from the faults.
 *
 * <p><b>Which faults.</b> Faults where the request never reached moto (throttling, 500, timeout before forwarding,
 * reset before forwarding) are scheduled on every operation of the flow, including Publish and
 * DeregisterTaskDefinition. Faults where moto acted and only the answer was lost (timeout or reset after forwarding) are
 * scheduled only on operations whose repetition has no effect: reads and TagResource. On Publish such a fault can
 * only duplicate (SNS standard topics do not deduplicate, and nothing tells the function whether the lost answer's
 * message went out), and on DeregisterTaskDefinition it makes the SDK send the same (harmless) request a second time;
 * {@code LostAnswerMotoTest} shows both, and what is guaranteed there.
 */
@ExtendWith(MotoServer.Extension.class)
class BurstIT {

  /** 1,000; {@code -Dburst.events=N} (a multiple of 3) for a quicker look. */
  static final int EVENTS = Integer.getInteger("burst.events", 1000);
  static final int REVISIONS_PER_FAMILY = 3;
  static final int ENVIRONMENTS = 8;
  static final int MAX_ATTEMPTS = 12;
  /** A fault on every attempt of a call: the SDK gives up and the event fails (the SDK makes at most 4). */
  static final int EVERY_ATTEMPT = 99;
  static final List<String> FORMS = List.of("alerts", "reports", "chat");
  private static final Pattern EVENT_ID_IN_TEXT = Pattern.compile("\\(event ([0-9a-f-]{36})\\)");

  @Test
  void aThousandEventsOnACleanNetwork() throws Exception {
    Figures figures = burst("clean", proxy -> { });
    assertEquals(0, figures.retriedEvents(), "nothing fails on a clean network: " + figures);
  }

  @Test
  void aThousandEventsThroughThrottlingServerErrorsTimeoutsAndResets() throws Exception {
    Figures figures = burst("faults", BurstIT::schedule);
    assertTrue(figures.faults().values().stream().mapToInt(Integer::intValue).sum() > 100,
        "the schedule injected faults: " + figures);
    assertTrue(figures.retriedEvents() > 0, "some faults failed whole events: " + figures);
  }

  /**
   * The schedule: each rule faults every Nth call of an operation (its first k attempts). k = 1 is absorbed by the
   * SDK's own retries; {@link #EVERY_ATTEMPT} fails the call, and the event is retried. Frequencies are chosen so
   * that every kind happens many times while the burst stays within a few minutes on two cores (a timeout costs the
   * 4 s attempt timeout).
   */
  static void schedule(FaultProxy proxy) {
    proxy
        // resolve
        .schedule("DescribeTaskDefinition", Kind.THROTTLE, 9, 0, 1)
        .schedule("DescribeTaskDefinition", Kind.SERVER_ERROR, 29, 3, EVERY_ATTEMPT)
        .schedule("DescribeTaskDefinition", Kind.RESET_BEFORE_FORWARD, 17, 5, 1)
        .schedule("DescribeTaskDefinition", Kind.RESET_AFTER_FORWARD, 19, 8, 1)
        .schedule("DescribeTaskDefinition", Kind.TIMEOUT_AFTER_FORWARD, 331, 10, 1)
        // facts (the fact clients make two attempts): a lookup that fails leaves the verdict incomplete
        .schedule("DescribeLogGroups", Kind.THROTTLE, 13, 1, EVERY_ATTEMPT)
        .schedule("DescribeLogGroups", Kind.RESET_BEFORE_FORWARD, 11, 4, 1)
        .schedule("DescribeSecret", Kind.THROTTLE, 2, 0, 1)
        .schedule("GetRole", Kind.SERVER_ERROR, 3, 1, 1)
        // the safety valve
        .schedule("ListTaskDefinitions", Kind.THROTTLE, 11, 0, 1)
        .schedule("ListTaskDefinitions", Kind.RESET_BEFORE_FORWARD, 37, 4, EVERY_ATTEMPT)
        .schedule("ListTagsForResource", Kind.SERVER_ERROR, 13, 2, 1)
        .schedule("ListTagsForResource", Kind.RESET_AFTER_FORWARD, 41, 7, 1)
        // the action tags (deregistered, alerted): idempotent, so an answer may be lost too
        .schedule("TagResource", Kind.THROTTLE, 9, 0, 1)
        .schedule("TagResource", Kind.RESET_AFTER_FORWARD, 17, 6, 1)
        .schedule("TagResource", Kind.TIMEOUT_BEFORE_FORWARD, 151, 9, 1)
        .schedule("TagResource", Kind.SERVER_ERROR, 43, 11, EVERY_ATTEMPT)
        // enforce: never reaching moto
        .schedule("DeregisterTaskDefinition", Kind.THROTTLE, 11, 0, EVERY_ATTEMPT)
        .schedule("DeregisterTaskDefinition", Kind.RESET_BEFORE_FORWARD, 7, 3, 1)
        .schedule("DeregisterTaskDefinition", Kind.SERVER_ERROR, 9, 5, 1)
        .schedule("DeregisterTaskDefinition", Kind.TIMEOUT_BEFORE_FORWARD, 83, 11, 1)
        // notify: never reaching moto; a call that fails after another form went out is a partial delivery
        .schedule("Publish", Kind.SERVER_ERROR, 13, 0, EVERY_ATTEMPT)
        .schedule("Publish", Kind.THROTTLE, 7, 2, 1)
        .schedule("Publish", Kind.RESET_BEFORE_FORWARD, 11, 4, 1)
        .schedule("Publish", Kind.TIMEOUT_BEFORE_FORWARD, 151, 13, 1);
  }

  record Figures(String variant, double seconds, int attempts, int retriedEvents, int maxAttempts,
      int beyondLambdaRetries, Map<String, Integer> alerts, int deregistered, Map<Kind, Integer> faults) {
    double eventsPerSecond() {
      return EVENTS / seconds;
    }
  }

  private record Planned(int index, String eventId, String arn, boolean compliant, byte[] bytes) {}

  private record Delivery(Planned event, int attempt) {}

  private Figures burst(String variant, java.util.function.Consumer<FaultProxy> faults) throws Exception {
    MotoServer moto = MotoServer.get();
    moto.reset();
    try (MotoAccount account = new MotoAccount(moto);
        FaultProxy proxy = new FaultProxy(moto.endpoint());
        SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(moto.credentials()).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(moto.credentials()).build()) {
      account.createSampleLogGroupsAndImages();
      account.createSampleRolesAndSecrets();
      Map<String, String> topics = new LinkedHashMap<>();
      Map<String, String> queues = new LinkedHashMap<>();
      for (String form : FORMS) {
        String topic = sns.createTopic(r -> r.name("burst-" + form)).topicArn();
        String queue = sqs.createQueue(r -> r.queueName("burst-inbox-" + form)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
        topics.put(form, topic);
        queues.put(form, queue);
      }
      long setupStarted = System.nanoTime();
      List<Planned> events = plan(account, variant);
      double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;
      // As deployed: the state table shared by every execution environment (the alert and action ledgers).
      Map<String, String> env = new java.util.HashMap<>(Map.of("ECS_GUARD_MODE", "enforce", "ECS_GUARD_METRICS", "off",
          "ECS_GUARD_TOPIC_ARN", topics.get("alerts"), "ECS_GUARD_REPORT_TOPIC_ARN", topics.get("reports"),
          "ECS_GUARD_CHATBOT_TOPIC_ARN", topics.get("chat")));
      env.putAll(account.stateTable());
      proxy.record("DeregisterTaskDefinition");
      faults.accept(proxy);

      Run run = run(events, env, proxy);

      Map<String, Map<String, Integer>> alerts = new LinkedHashMap<>();
      Map<String, Set<String>> actions = new LinkedHashMap<>();
      for (String form : FORMS) {
        alerts.put(form, new TreeMap<>());
        actions.put(form, new TreeSet<>());
        for (JsonNode envelope : drain(sqs, queues.get(form))) {
          alerts.get(form).merge(eventId(form, envelope), 1, Integer::sum);
          actions.get(form).add(envelope.path("MessageAttributes").path("action").path("Value").asText());
        }
      }
      Map<String, Integer> deregisterRequests = new TreeMap<>();
      for (String body : proxy.forwardedBodies("DeregisterTaskDefinition")) {
        deregisterRequests.merge(Json.MAPPER.readTree(body).path("taskDefinition").asText(), 1, Integer::sum);
      }
      Set<String> inactive = new TreeSet<>();
      account.ecs().listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.INACTIVE)).taskDefinitionArns()
          .forEach(inactive::add);

      Figures figures = new Figures(variant, run.seconds, run.attempts.get(), run.retried.size(), run.maxAttempts.get(),
          (int) run.attemptsByEvent.values().stream().filter(a -> a > 3).count(),
          Map.of("alerts", total(alerts.get("alerts")), "reports", total(alerts.get("reports")),
              "chat", total(alerts.get("chat"))),
          deregisterRequests.values().stream().mapToInt(Integer::intValue).sum(), proxy.injected());
      report(figures, run, proxy, actions, setupSeconds);

      // Every event ended processed, after retries of nothing but transient failures.
      assertEquals(List.of(), run.gaveUp, "events still failing after " + MAX_ATTEMPTS + " attempts");
      assertEquals(Map.of(), run.unexpected, "only transient failures may fail an invocation");
      Map<String, Integer> expectedAlerts = new TreeMap<>();
      Set<String> expectedDeregistered = new TreeSet<>();
      events.stream().filter(e -> !e.compliant()).forEach(e -> {
        expectedAlerts.put(e.eventId(), 1);
        expectedDeregistered.add(e.arn());
      });
      assertEquals(EVENTS / 3, expectedAlerts.size());
      for (String form : FORMS) {
        Map<String, Integer> received = alerts.get(form);
        Set<String> lost = new TreeSet<>(expectedAlerts.keySet());
        lost.removeAll(received.keySet());
        Map<String, Integer> duplicated = new TreeMap<>(received);
        duplicated.values().removeIf(count -> count == 1);
        Set<String> unexpected = new TreeSet<>(received.keySet());
        unexpected.removeAll(expectedAlerts.keySet());
        assertEquals(Set.of(), lost, form + ": alerts lost");
        assertEquals(Map.of(), duplicated, form + ": alerts duplicated");
        assertEquals(Set.of(), unexpected, form + ": alerts for compliant events");
        assertTrue(Set.of("DEREGISTERED", "ALREADY_INACTIVE").containsAll(actions.get(form)),
            form + ": every alert says the revision was deregistered: " + actions.get(form));
      }
      Map<String, Integer> notOnce = new TreeMap<>(deregisterRequests);
      notOnce.values().removeIf(count -> count == 1);
      assertEquals(Map.of(), notOnce, "one DeregisterTaskDefinition reached moto per revision");
      assertEquals(expectedDeregistered, deregisterRequests.keySet(), "deregistration requested for exactly the "
          + "non-compliant revisions");
      assertEquals(expectedDeregistered, inactive, "exactly the non-compliant revisions are INACTIVE");
      return figures;
    }
  }

  /**
   * Registers the 1,000 revisions in moto (directly, not through the proxy) and builds each one's event: the
   * compliant sample or the non-compliant one (every third), in family {@code burst-<n>}, three revisions per family.
   * Neither keeps its task role: with 167 families, {@code task-role-not-shared} would need more fact calls than an
   * event's budget and leave every evaluation incomplete (a documented limit), and a task role shared by every
   * compliant family would be a finding of its own.
   */
  private static List<Planned> plan(MotoAccount account, String variant) throws Exception {
    ObjectNode compliant = MotoAccount.event("register-task-definition.json");
    ObjectNode noncompliant = MotoAccount.event("register-task-definition-noncompliant.json");
    List<Planned> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      boolean isCompliant = i % 3 != 2;
      ObjectNode event = (isCompliant ? compliant : noncompliant).deepCopy();
      ObjectNode request = (ObjectNode) event.path("detail").path("requestParameters");
      request.remove("taskRoleArn");
      request.put("family", "burst-" + (i / REVISIONS_PER_FAMILY));
      String eventId = new UUID(variant.hashCode(), i).toString();
      event.with("detail").put("eventID", eventId);
      String arn = account.registerFrom(event);
      events.add(new Planned(i, eventId, arn, isCompliant, Json.write(event).getBytes(StandardCharsets.UTF_8)));
    }
    return events;
  }

  private static final class Run {
    double seconds;
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger maxAttempts = new AtomicInteger();
    final Map<Integer, Integer> attemptsByEvent = new ConcurrentHashMap<>();
    final Set<Integer> retried = ConcurrentHashMap.newKeySet();
    final List<String> gaveUp = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> unexpected = new ConcurrentHashMap<>();
    final Map<String, Integer> failures = new ConcurrentHashMap<>();
    final List<CapturedLog> logs = new ArrayList<>();
  }

  /** The environments take events from the queue until every event has succeeded (or given up). */
  private static Run run(List<Planned> events, Map<String, String> env, FaultProxy proxy) throws Exception {
    Run run = new Run();
    LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    events.forEach(e -> queue.add(new Delivery(e, 1)));
    CountDownLatch done = new CountDownLatch(events.size());
    List<Thread> threads = new ArrayList<>();
    List<AwsClients> clients = new ArrayList<>();
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    for (int n = 0; n < ENVIRONMENTS; n++) {
      AwsClients environmentClients = new AwsClients(proxy.endpoint(), MotoServer.get().credentials());
      clients.add(environmentClients);
      CapturedLog log = new CapturedLog();
      run.logs.add(log);
      GuardHandler handler = new GuardHandler(PipelineFactory.forAws(env, environmentClients, log, nowhere));
      Thread thread = new Thread(() -> {
        while (done.getCount() > 0) {
          Delivery delivery;
          try {
            delivery = queue.poll(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          if (delivery == null) {
            continue;
          }
          run.attempts.incrementAndGet();
          run.attemptsByEvent.put(delivery.event().index(), delivery.attempt());
          run.maxAttempts.accumulateAndGet(delivery.attempt(), Math::max);
          try {
            handler.handleRequest(new ByteArrayInputStream(delivery.event().bytes()), new ByteArrayOutputStream(),
                new FakeContext("burst-" + delivery.event().index() + "-" + delivery.attempt()));
            done.countDown();
          } catch (Exception | Error failure) {
            run.retried.add(delivery.event().index());
            run.failures.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
            if (!(failure instanceof dev.ecsguard.aws.TransientAwsException)) {
              run.unexpected.merge(failure.getClass().getName() + ": " + failure.getMessage(), 1, Integer::sum);
            }
            if (delivery.attempt() >= MAX_ATTEMPTS) {
              run.gaveUp.add(delivery.event().eventId());
              done.countDown();
            } else {
              queue.add(new Delivery(delivery.event(), delivery.attempt() + 1));
            }
          }
        }
      }, "lambda-environment-" + n);
      threads.add(thread);
      thread.start();
    }
    boolean finished = done.await(10, TimeUnit.MINUTES);
    run.seconds = (System.nanoTime() - started) / 1e9;
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    clients.forEach(AwsClients::close);
    assertTrue(finished, "the burst did not finish within 10 minutes");
    return run;
  }

  /** Every SNS envelope in the queue (moto's SNS delivers to SQS synchronously). */
  private static List<JsonNode> drain(SqsClient sqs, String queueUrl) throws IOException {
    List<JsonNode> messages = new ArrayList<>();
    int empty = 0;
    while (empty < 2) {
      List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
          .visibilityTimeout(600)).messages();
      if (batch.isEmpty()) {
        empty++;
        continue;
      }
      empty = 0;
      for (Message message : batch) {
        messages.add(Json.MAPPER.readTree(message.body()));
      }
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        String handle = batch.get(i).receiptHandle();
        entries.add(DeleteMessageBatchRequestEntry.builder().id("m" + i).receiptHandle(handle).build());
      }
      sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
    }
    return messages;
  }

  /** The CloudTrail event id an alert is about, in each form: the text names it, the two JSON forms carry it. */
  private static String eventId(String form, JsonNode envelope) throws IOException {
    String message = envelope.path("Message").asText();
    return switch (form) {
      case "alerts" -> {
        Matcher m = EVENT_ID_IN_TEXT.matcher(message);
        yield m.find() ? m.group(1) : "no event id in: " + message.substring(0, Math.min(80, message.length()));
      }
      case "reports" -> Json.MAPPER.readTree(message).path("event").path("id").asText("none");
      default -> Json.MAPPER.readTree(message).path("id").asText("none");
    };
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The figures, on stdout and in target/burst/ for bench/burst.sh. */
  private static void report(Figures f, Run run, FaultProxy proxy, Map<String, Set<String>> actions,
      double setupSeconds) throws IOException {
    Map<Integer, Integer> attemptsHistogram = new TreeMap<>();
    run.attemptsByEvent.values().forEach(a -> attemptsHistogram.merge(a, 1, Integer::sum));
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "burst %s: %d events (%d non-compliant) in %.1f s = %.1f events/s, "
            + "%d environments, enforce mode, safety valve default (5/1h; %d revisions per family, the last non-compliant)%n",
        f.variant(), EVENTS, EVENTS / 3, f.seconds(), f.eventsPerSecond(), ENVIRONMENTS, REVISIONS_PER_FAMILY));
    text.append(String.format(Locale.ROOT, "  invocations: %d (%d events retried; attempts per event %s; %d needed "
            + "more than Lambda's 3)%n", f.attempts(), f.retriedEvents(), attemptsHistogram, f.beyondLambdaRetries()));
    text.append("  invocation failures: ").append(new TreeMap<>(run.failures)).append('\n');
    long markerWarnings = run.logs.stream().flatMap(log -> log.lines().stream())
        .filter(line -> line.contains("could not mark the alert as sent")).count();
    text.append("  alert markers that could not be written (a retry may duplicate): ").append(markerWarnings)
        .append('\n');
    text.append("  alerts received (SQS, per topic): ").append(new TreeMap<>(f.alerts()))
        .append("; actions in alerts: ").append(actions).append('\n');
    text.append("  DeregisterTaskDefinition requests that reached moto: ").append(f.deregistered()).append('\n');
    int totalFaults = f.faults().values().stream().mapToInt(Integer::intValue).sum();
    text.append("  faults injected: ").append(totalFaults).append(' ').append(f.faults()).append('\n');
    if (totalFaults > 0) {
      text.append("  faults by operation: ").append(proxy.injectedByOperation()).append('\n');
    }
    Map<String, Integer> calls = new TreeMap<>();
    Map<String, Long> millis = new TreeMap<>();
    for (String operation : List.of("DescribeTaskDefinition", "DescribeLogGroups", "DescribeImages", "GetRole",
        "DescribeSecret", "DescribeParameters", "ListTaskDefinitions", "ListTagsForResource", "TagResource",
        "DeregisterTaskDefinition", "Publish")) {
      calls.put(operation, proxy.calls(operation));
      millis.put(operation, proxy.forwardedMillis(operation));
    }
    text.append("  requests through the proxy (attempts): ").append(calls).append('\n');
    text.append(String.format(Locale.ROOT, "  set-up (registering %d revisions in moto, not timed above): %.1f s%n",
        EVENTS, setupSeconds));
    text.append("  moto's answer time per operation, total ms: ").append(millis).append('\n');
    System.out.print(text);
    Path dir = Path.of("target", "burst");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(f.variant() + ".txt"), text.toString());
  }
}
