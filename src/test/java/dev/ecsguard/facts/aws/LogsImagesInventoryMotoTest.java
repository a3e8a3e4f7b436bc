package dev.ecsguard.facts.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.ecsguard.facts.Budget;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Engine;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.iam.TaskRoleNotShared;
import dev.ecsguard.rule.image.ImageSizeLimit;
import dev.ecsguard.rule.logging.AwslogsGroupExists;
import dev.ecsguard.state.RoleInventory;
import dev.ecsguard.state.StateStore;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Fault;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The log group, image and inventory lookups against an emulated account, and the three rules that use them,
 * through the engine: findings, the AWS calls each event makes (counted by ecs-guard and, independently, by a proxy
 * in front of moto), cache hits on the next event, and the degraded paths: throttled, access denied, timed out,
 * budget spent.
 *
 * <p>moto reports an ECR image's {@code imageSizeInBytes} as its manifest's {@code config.size}, not the sum of the
 * layers as AWS does. The fixtures push manifests whose config size is the image size the test wants, so moto
 * reports exactly that; the product reads {@code imageSizeInBytes} as AWS documents it and knows nothing of this.
 */
@ExtendWith(MotoServer.Extension.class)
class LogsImagesInventoryMotoTest {

  private static final String REGION = MotoServer.REGION;
  private static final String ACCOUNT = MotoServer.ACCOUNT;
  private static final long MIB = 1024L * 1024;
  private static final String REGISTRY = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/";
  private static final String SHARED_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/shared-task";

  private MotoAccount account;
  private FaultProxy proxy;
  private AwsClients clients;
  private CloudWatchLogsClient logs;
  private EcrClient ecr;
  private FactCache cache;
  private RoleInventory inventory;
  /** The image limit lowered to 500 MiB, so that the 600 MiB and 1.5 GiB images are both over it. */
  private final Engine engine = new Engine(new Catalog(
      List.of(new AwslogsGroupExists(), halfGibibyteImageLimit(), new TaskRoleNotShared())));
  private String workerDigest;

  private static dev.ecsguard.rule.Rule halfGibibyteImageLimit() {
    return new ImageSizeLimit().configure(Json.MAPPER.createObjectNode().put("failBytes", 500 * MIB));
  }

  @BeforeEach
  void setUp() throws Exception {
    MotoServer moto = MotoServer.get();
    moto.reset();
    account = new MotoAccount(moto);
    proxy = new FaultProxy(moto.endpoint());
    clients = new AwsClients(proxy.endpoint(), moto.credentials());
    // The fixtures are made directly in moto, so the proxy counts only what ecs-guard asks.
    logs = CloudWatchLogsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
        .credentialsProvider(moto.credentials()).build();
    ecr = EcrClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
        .credentialsProvider(moto.credentials()).build();
    cache = new FactCache(Duration.ofMinutes(5), Clock.systemUTC());
    inventory = StateStore.inMemory().roles();
  }

  @AfterEach
  void tearDown() {
    clients.close();
    proxy.close();
    logs.close();
    ecr.close();
    account.close();
  }

  // ---- the account ----

  /**
   * Log groups {@code /ecs/web-old} (a prefix sibling of the missing {@code /ecs/web}) and {@code /ecs/api}; images
   * of 100 MiB, 600 MiB and 1.5 GiB and an image index; families web and worker sharing a task role, ml with its
   * own, and retired (shared role, its only revision deregistered: moto still lists it).
   */
  private void createAccount() throws Exception {
    logGroup("/ecs/web-old");
    logGroup("/ecs/api");
    image("web", "1.0", 100 * MIB, "web");
    workerDigest = image("worker", "2.0", 600 * MIB, "worker");
    image("ml", "3.0", 1536 * MIB, "ml");
    imageIndex("multi", "4.0");
    register("web", SHARED_ROLE);
    register("worker", SHARED_ROLE);
    register("ml", "arn:aws:iam::" + ACCOUNT + ":role/ml-task");
    String retired = register("retired", SHARED_ROLE);
    account.ecs().deregisterTaskDefinition(r -> r.taskDefinition(retired));
    sweep();
  }

  /**
   * The task role inventory as the scheduled sweep leaves it, taken straight from moto: the proxy counts only what
   * an event asks.
   */
  private void sweep() {
    try (AwsClients direct = new AwsClients(MotoServer.get().endpoint(), MotoServer.get().credentials())) {
      new InventorySweep(direct, inventory, Clock.systemUTC(), () -> { })
          .run(ACCOUNT, REGION, Instant.now().plusSeconds(60));
    }
  }

  private void logGroup(String name) {
    logs.createLogGroup(r -> r.logGroupName(name));
  }

  /** Pushes an image whose moto-reported size is {@code size} (the config blob's size, see the class comment). */
  private String image(String repository, String tag, long size, String seed) {
    createRepository(repository);
    String manifest = """
        {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": %d,
                    "digest": "sha256:%s"},
         "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": %d,
                     "digest": "sha256:%s"}]}""".formatted(size, hex(seed + "-config"), size, hex(seed + "-layer"));
    return ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest))
        .image().imageId().imageDigest();
  }

  /** A multi-architecture image index: no size of its own (moto: null). */
  private void imageIndex(String repository, String tag) {
    createRepository(repository);
    String index = """
        {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
         "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528,
                        "digest": "sha256:%s", "platform": {"architecture": "amd64", "os": "linux"}}]}"""
        .formatted(hex(repository + "-amd64"));
    ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(index));
  }

  private void createRepository(String repository) {
    if (ecr.describeRepositories().repositories().stream().noneMatch(r -> r.repositoryName().equals(repository))) {
      ecr.createRepository(r -> r.repositoryName(repository));
    }
  }

  private static String hex(String seed) {
    StringBuilder hex = new StringBuilder();
    while (hex.length() < 64) {
      hex.append(String.format(Locale.ROOT, "%08x", (seed + hex.length()).hashCode()));
    }
    return hex.substring(0, 64);
  }

  private String register(String family, String taskRole) throws Exception {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("family", family);
    request.put("taskRoleArn", taskRole);
    request.put("networkMode", "awsvpc");
    request.putArray("requiresCompatibilities").add("FARGATE");
    request.put("cpu", "256");
    request.put("memory", "512");
    ObjectNode container = request.putArray("containerDefinitions").addObject();
    container.put("name", family);
    container.put("image", REGISTRY + family + ":1.0");
    container.put("memory", 512);
    return account.register(request);
  }

  // ---- the definition evaluated ----

  /**
   * Family web (shared task role): container 0 logs to the missing {@code /ecs/web} from the 100 MiB image;
   * container 1 runs the 600 MiB worker image by digest and logs to {@code /ecs/api}; container 2 runs the 1.5 GiB
   * image and lets the driver create {@code /ecs/new}.
   */
  private Subject webSubject() {
    ObjectNode definition = Json.MAPPER.createObjectNode();
    definition.put("taskDefinitionArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/web:2");
    definition.put("family", "web");
    definition.put("revision", 2);
    definition.put("taskRoleArn", SHARED_ROLE);
    definition.put("networkMode", "awsvpc");
    definition.putArray("requiresCompatibilities").add("FARGATE");
    ArrayNode containers = definition.putArray("containerDefinitions");
    container(containers, "web", REGISTRY + "web:1.0", "/ecs/web", false);
    container(containers, "worker", REGISTRY + "worker@" + workerDigest, "/ecs/api", false);
    container(containers, "ml", REGISTRY + "ml:3.0", "/ecs/new", true);
    return Subject.of(TaskDefinitions.fromJson(definition), REGION);
  }

  private static void container(ArrayNode containers, String name, String image, String group, boolean create) {
    ObjectNode container = containers.addObject();
    container.put("name", name);
    container.put("image", image);
    ObjectNode options = container.putObject("logConfiguration").put("logDriver", "awslogs").putObject("options");
    options.put("awslogs-group", group).put("awslogs-region", REGION).put("awslogs-stream-prefix", name);
    if (create) {
      options.put("awslogs-create-group", "true");
    }
  }

  private AwsFacts facts(Budget budget) {
    return new AwsFacts(clients, inventory, cache, budget, null);
  }

  private static List<String> describe(Evaluation evaluation) {
    return evaluation.findings().stream()
        .map(f -> f.ruleId() + " " + f.field() + " " + f.severity())
        .sorted()
        .toList();
  }

  private static Finding only(Evaluation evaluation, String ruleId) {
    List<Finding> findings = evaluation.findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    assertEquals(1, findings.size(), ruleId + ": " + findings);
    return findings.get(0);
  }

  private int proxied(String... operations) {
    int total = 0;
    for (String operation : operations) {
      total += proxy.calls(operation);
    }
    return total;
  }

  private static final String[] OPERATIONS = {"DescribeLogGroups", "DescribeImages", "ListTaskDefinitionFamilies",
      "DescribeTaskDefinition"};

  // ---- the rules on a real account ----

  @Test
  void findsTheMissingGroupTheLargeImagesAndTheSharedRoleThenReusesEveryAnswer() throws Exception {
    createAccount();

    AwsFacts cold = facts(Budget.DEFAULT);
    Evaluation first = engine.evaluate(webSubject(), cold);

    assertEquals(List.of(
        "awslogs-group-exists /containerDefinitions/0/logConfiguration/options/awslogs-group HIGH",
        "image-size-limit /containerDefinitions/1/image HIGH",
        "image-size-limit /containerDefinitions/2/image HIGH",
        "task-role-not-shared /taskRoleArn MEDIUM"), describe(first));
    assertTrue(first.complete(), first.gaps().toString());
    assertTrue(only(first, "awslogs-group-exists").message().contains("\"/ecs/web\", which does not exist"));
    assertTrue(first.findings().stream().anyMatch(f -> f.message().contains("is 600 MiB in ECR")));
    assertTrue(first.findings().stream().anyMatch(f -> f.message().contains("is 1536 MiB in ECR")));
    String shared = only(first, "task-role-not-shared").message();
    assertTrue(shared.contains("1 other family in us-east-1 (latest ACTIVE revision): worker"), shared);
    // 2 log groups (/ecs/new is created by the driver), 3 images, 1 query of the task role inventory: no ECS call.
    assertEquals(new Facts.Usage(6, 0), cold.usage());
    assertEquals(2, proxy.calls("DescribeLogGroups"));
    assertEquals(3, proxy.calls("DescribeImages"));
    assertEquals(0, proxy.calls("ListTaskDefinitionFamilies"));
    assertEquals(0, proxy.calls("DescribeTaskDefinition"));

    AwsFacts warm = facts(Budget.DEFAULT);
    Evaluation second = engine.evaluate(webSubject(), warm);

    assertEquals(describe(first), describe(second));
    assertEquals(new Facts.Usage(2, 4), warm.usage(), "/ecs/api and 3 images from the cache; the inventory read");
    assertEquals(3, proxy.calls("DescribeLogGroups"), "a missing group is asked again: it may have been created since");
    assertEquals(6, proxied(OPERATIONS));

    logGroup("/ecs/web");
    Evaluation fixed = engine.evaluate(webSubject(), facts(Budget.DEFAULT));
    assertEquals(List.of(
        "image-size-limit /containerDefinitions/1/image HIGH",
        "image-size-limit /containerDefinitions/2/image HIGH",
        "task-role-not-shared /taskRoleArn MEDIUM"), describe(fixed), "created, registered again: no finding");
  }

  @Test
  void offlineTheRulesStaySilent() throws Exception {
    createAccount();
    Evaluation evaluation = engine.evaluate(webSubject());
    assertEquals(List.of(), evaluation.findings());
    assertTrue(evaluation.complete());
  }

  // ---- the lookups, one by one ----

  @Test
  void aLogGroupIsMatchedExactlyNotByPrefix() {
    logGroup("/ecs/web-old");
    logGroup("/ecs/api");
    FactCalls calls = new FactCalls(40, Instant.now().plusSeconds(60), Clock.systemUTC());

    assertEquals(Fact.known(false), LogGroupLookup.exists(calls, clients, REGION, "/ecs/web"));
    assertEquals(Fact.known(true), LogGroupLookup.exists(calls, clients, REGION, "/ecs/web-old"));
    assertEquals(Fact.known(true), LogGroupLookup.exists(calls, clients, REGION, "/ecs/api"));
    assertEquals(Fact.known(false), LogGroupLookup.exists(calls, clients, "eu-west-1", "/ecs/api"), "other region");
    assertEquals(4, calls.calls());
    assertEquals(Fact.known(false), LogGroupLookup.exists(calls, clients, REGION, "/ecs/with space"),
        "a name CreateLogGroup rejects cannot exist, and is not asked");
    assertInstanceOf(Fact.Unknown.class, LogGroupLookup.exists(calls, clients, "not a region", "/ecs/api"));
    assertEquals(4, calls.calls());
  }

  @Test
  void aPrefixSharedByManyGroupsCostsAtMostThreePages() {
    for (int i = 0; i < 160; i++) {
      logGroup(String.format(Locale.ROOT, "/ecs/many-%03d", i));
    }
    logGroup("/ecs/few");
    for (int i = 0; i < 120; i++) {
      logGroup(String.format(Locale.ROOT, "/ecs/few-%03d", i));
    }
    FactCalls calls = new FactCalls(40, Instant.now().plusSeconds(60), Clock.systemUTC());

    assertEquals(Fact.known(true), LogGroupLookup.exists(calls, clients, REGION, "/ecs/few"));
    assertEquals(1, calls.calls(), "the exact name sorts first");
    assertEquals(Fact.known(false), LogGroupLookup.exists(calls, clients, REGION, "/ecs/few-1"));
    assertEquals(2, calls.calls(), "20 groups start with /ecs/few-1: one page");
    assertEquals(Fact.known(true), LogGroupLookup.exists(calls, clients, REGION, "/ecs/few-119"));
    assertEquals(3, calls.calls());

    Fact<Boolean> many = LogGroupLookup.exists(calls, clients, REGION, "/ecs/many");
    Fact.Unknown<Boolean> unknown = assertInstanceOf(Fact.Unknown.class, many);
    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown.reason());
    assertTrue(unknown.detail().contains("more than 150 log groups start with this name"), unknown.detail());
    assertEquals(6, calls.calls(), "three pages, then it stops");
    assertEquals(List.of(), calls.transientFailures(), "a permanent answer: the evaluation stays complete");
  }

  @Test
  void imageSizesByTagAndDigestAndWhatIsNotASize() {
    image("web", "1.0", 100 * MIB, "web");
    String digest = image("worker", "2.0", 600 * MIB, "worker");
    imageIndex("multi", "4.0");
    FactCalls calls = new FactCalls(40, Instant.now().plusSeconds(60), Clock.systemUTC());

    assertEquals(Fact.known(100 * MIB), ImageLookup.size(calls, clients, REGION, ACCOUNT, "web", "1.0"));
    assertEquals(Fact.known(600 * MIB), ImageLookup.size(calls, clients, REGION, ACCOUNT, "worker", digest));
    assertNotApplicable(ImageLookup.size(calls, clients, REGION, ACCOUNT, "web", "9.9"), "not found");
    assertNotApplicable(ImageLookup.size(calls, clients, REGION, ACCOUNT, "nothing-here", "1.0"), "not found");
    assertNotApplicable(ImageLookup.size(calls, clients, "eu-west-1", ACCOUNT, "web", "1.0"), "not found");
    assertNotApplicable(ImageLookup.size(calls, clients, REGION, ACCOUNT, "multi", "4.0"), "ECR reports no size");
    assertEquals(6, calls.calls());
    assertEquals(List.of(), calls.transientFailures());
  }

  private static void assertNotApplicable(Fact<?> fact, String detail) {
    Fact.Unknown<?> unknown = assertInstanceOf(Fact.Unknown.class, fact);
    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown.reason(), unknown.toString());
    assertTrue(unknown.detail().contains(detail), unknown.detail());
  }

  @Test
  void theInventoryComparesRolesByNameSkipsFamiliesWithoutAnActiveRevisionAndCostsOneCallPerQuestion()
      throws Exception {
    createAccount();
    register("cron", "Shared-Task"); // a short name, in another case: IAM role names are case-insensitive
    sweep();
    FactCalls calls = new FactCalls(40, Instant.now().plusSeconds(60), Clock.systemUTC());

    assertEquals(Fact.known(List.of("cron", "worker")),
        InventoryLookup.familiesUsingTaskRole(calls, inventory, cache, ACCOUNT, REGION, SHARED_ROLE, "web"));
    assertEquals(1, calls.calls(), "one query; retired (deregistered) is not listed");
    assertEquals(Fact.known(List.of()), InventoryLookup.familiesUsingTaskRole(calls, inventory, cache, ACCOUNT,
        REGION, "arn:aws:iam::" + ACCOUNT + ":role/ml-task", "ml"));
    assertEquals(3, calls.calls(), "an empty answer asks once whether a sweep completed");
    assertEquals(Fact.known(List.of("cron", "web", "worker")), InventoryLookup.familiesUsingTaskRole(calls,
        inventory, cache, ACCOUNT, REGION, SHARED_ROLE, "someone-else"));
    assertEquals(4, calls.calls());
    assertEquals(0, proxied("ListTaskDefinitionFamilies", "DescribeTaskDefinition"), "no ECS call in an event");
  }

  @Test
  void beforeTheFirstSweepNothingFoundIsBeingBuiltButSharingFoundIsCertain() throws Exception {
    RoleInventory building = StateStore.inMemory().roles();
    building.record(new RoleInventory.FamilyState(ACCOUNT, REGION, "worker", 3, Optional.of("shared-task")),
        Optional.empty(), null, Instant.now());
    FactCalls calls = new FactCalls(40, Instant.now().plusSeconds(60), Clock.systemUTC());

    assertEquals(Fact.known(List.of("worker")),
        InventoryLookup.familiesUsingTaskRole(calls, building, cache, ACCOUNT, REGION, SHARED_ROLE, "web"));
    Fact.Unknown<?> unknown = assertInstanceOf(Fact.Unknown.class, InventoryLookup.familiesUsingTaskRole(calls,
        building, cache, ACCOUNT, REGION, "arn:aws:iam::" + ACCOUNT + ":role/lonely", "web"));
    assertEquals(Fact.Reason.BEING_BUILT, unknown.reason());
    assertFalse(unknown.reason().isTransient(), "it neither blocks the event nor cancels a certain finding");
    assertEquals(List.of(), calls.transientFailures());
  }

  // ---- asked ahead, together ----

  @Test
  void questionsAskedAheadTogetherAreAskedOnceAndTheRulesFindTheirAnswers() throws Exception {
    createAccount();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      AwsFacts ahead = new AwsFacts(clients, inventory, cache, Budget.DEFAULT, threads);
      ahead.askAhead(questions -> engine.evaluate(webSubject(), questions));
      Evaluation evaluation = engine.evaluate(webSubject(), ahead);

      assertEquals(List.of(
          "awslogs-group-exists /containerDefinitions/0/logConfiguration/options/awslogs-group HIGH",
          "image-size-limit /containerDefinitions/1/image HIGH",
          "image-size-limit /containerDefinitions/2/image HIGH",
          "task-role-not-shared /taskRoleArn MEDIUM"), describe(evaluation), "the same verdicts as one after the other");
      assertTrue(evaluation.complete(), evaluation.gaps().toString());
      // The same calls as one after the other, and a rule's own question is not a cache hit because it was
      // asked ahead of it.
      assertEquals(new Facts.Usage(6, 0), ahead.usage());
      assertEquals(5, proxied(OPERATIONS));
    } finally {
      threads.shutdownNow();
    }
  }

  /** The look-ahead threads late, as on a loaded machine: the rules asked first, then the look-ahead runs. */
  @Test
  void aLookAheadThatComesAfterTheRulesAskedIsNoCacheHit() throws Exception {
    createAccount();
    List<Runnable> late = new ArrayList<>();
    AwsFacts ahead = new AwsFacts(clients, inventory, cache, Budget.DEFAULT, late::add);
    ahead.askAhead(questions -> engine.evaluate(webSubject(), questions));
    Evaluation evaluation = engine.evaluate(webSubject(), ahead);
    assertEquals(false, late.isEmpty(), "the dry run asked its questions ahead");
    late.forEach(Runnable::run);

    assertEquals(4, describe(evaluation).size(), describe(evaluation).toString());
    assertEquals(new Facts.Usage(6, 0), ahead.usage(), "each question asked once, and no hit: nobody asked twice");
  }

  @Test
  void aFailedAnswerNoRuleAskedForLeavesNoGapAndOneARuleAskedForDoes() throws Exception {
    createAccount();
    proxy.fail("DescribeLogGroups", Fault.ecs(400, "ThrottlingException"));
    List<Runnable> asked = new ArrayList<>();
    AwsFacts facts = new AwsFacts(clients, inventory, cache, Budget.DEFAULT, asked::add);

    // As when the event's copy of a definition names a log group the API's copy does not.
    facts.askAhead(questions -> questions.logGroupExists(REGION, "/ecs/only-in-the-event"));
    assertEquals(1, asked.size(), "one question, handed to the look-ahead threads");
    asked.forEach(Runnable::run);

    assertEquals(1, facts.usage().calls(), "asked, throttled");
    assertEquals(List.of(), facts.transientFailures(), "no rule asked it: the evaluation is not left incomplete");

    Fact<Boolean> answer = facts.logGroupExists(REGION, "/ecs/only-in-the-event");
    assertInstanceOf(Fact.Unknown.class, answer);
    assertEquals(1, facts.usage().calls(), "the rule is given the answer already had, not a second call");
    assertEquals(1, facts.transientFailures().size(), "now a rule depends on it");
  }

  // ---- degraded ----

  @Test
  void throttlingLeavesTheEvaluationIncompleteWithOneInfo() throws Exception {
    createAccount();
    proxy.fail("DescribeLogGroups", Fault.ecs(400, "ThrottlingException"));

    AwsFacts facts = facts(Budget.DEFAULT);
    Evaluation evaluation = engine.evaluate(webSubject(), facts);

    Finding info = only(evaluation, "awslogs-group-exists");
    assertEquals("INFO", info.severity().name());
    assertTrue(info.message().startsWith("could not verify: log group /ecs/web in us-east-1 (throttled)"),
        info.message());
    assertFalse(evaluation.complete(), "a transient unknown leaves a gap: nothing is enforced");
    assertEquals(1, evaluation.gaps().size(), evaluation.gaps().toString());
    assertTrue(proxy.calls("DescribeLogGroups") > 1, "the SDK retried the throttled call");
    assertEquals(5, facts.usage().calls(), "1 log group (no more after a transient failure), 3 images, inventory 1");
    // The other rules still answer.
    assertEquals(2, evaluation.findings().stream().filter(f -> f.ruleId().equals("image-size-limit")).count());
  }

  @Test
  void accessDeniedIsOneInfoNamingThePermissionAndNoGap() throws Exception {
    createAccount();
    proxy.fail("DescribeImages", Fault.ecs(400, "AccessDeniedException"));

    Evaluation evaluation = engine.evaluate(webSubject(), facts(Budget.DEFAULT));

    Finding info = only(evaluation, "image-size-limit");
    assertEquals("INFO", info.severity().name());
    assertEquals("/containerDefinitions/0/image", info.field());
    assertTrue(info.message().endsWith("(access denied), needs ecr:DescribeImages"), info.message());
    assertTrue(evaluation.complete(), "a missing permission is permanent: the rest of the evaluation stands");
    assertEquals(3, proxy.calls("DescribeImages"), "denied calls are not retried");
  }

  @Test
  void aLookupThatTimesOutIsUnknownAndNothingPartialIsCached() throws Exception {
    createAccount();
    proxy.delay("DescribeLogGroups", Duration.ofSeconds(5));

    AwsFacts slow = facts(Budget.DEFAULT);
    long started = System.nanoTime();
    Evaluation evaluation = engine.evaluate(webSubject(), slow);
    long millis = (System.nanoTime() - started) / 1_000_000;

    Finding info = only(evaluation, "awslogs-group-exists");
    assertEquals("INFO", info.severity().name());
    assertTrue(info.message().contains("(timed out)"), info.message());
    assertFalse(evaluation.complete());
    assertTrue(millis < 4500, "the fact client's 3 s call timeout bounds the lookup: " + millis + " ms");

    // A healthy network later: nothing unknown was cached, so the groups are asked again; the images were cached.
    FaultProxy healthy = new FaultProxy(MotoServer.get().endpoint());
    try (AwsClients healthyClients = new AwsClients(healthy.endpoint(), MotoServer.get().credentials())) {
      AwsFacts later = new AwsFacts(healthyClients, inventory, cache, Budget.DEFAULT, null);
      Evaluation again = engine.evaluate(webSubject(), later);
      assertTrue(again.complete());
      assertEquals(2, healthy.calls("DescribeLogGroups"));
      assertEquals(0, healthy.calls("DescribeImages"), "the images were cached");
      assertEquals(new Facts.Usage(3, 3), later.usage(), "2 groups and the inventory's one query; 3 images cached");
    } finally {
      healthy.close();
    }
  }
  @Test
  void aSpentBudgetOfOneKindOfFactLeavesTheOtherKindsTheirOwn() throws Exception {
    createAccount();

    AwsFacts tiny = facts(new Budget(2, Duration.ofSeconds(8)));
    Evaluation evaluation = engine.evaluate(webSubject(), tiny);

    assertEquals(5, tiny.usage().calls(), "two log groups, two of the three images, the inventory's query");
    assertEquals("awslogs-group-exists", only(evaluation, "awslogs-group-exists").ruleId());
    List<Finding> images = evaluation.findings().stream().filter(f -> f.ruleId().equals("image-size-limit")).toList();
    assertEquals(1, images.stream().filter(f -> f.message().contains("(budget exhausted)")).count(), images.toString());
    assertEquals("MEDIUM", only(evaluation, "task-role-not-shared").severity().name(),
        "the images' appetite did not starve the role check");
    assertFalse(evaluation.complete());
  }

  // ---- the sample events ----

  /**
   * The AWS calls of these lookups for each sample event, in an account set up as the samples describe (groups
   * /ecs/payments-api and /ecs/batch-report exist, /ecs/legacy-worker does not; the same-region ECR images exist
   * with the samples' digests; the three families are registered): cold (an empty cache), warm (the same event
   * again), and in sequence (one execution environment receiving the events in order).
   */
  @Test
  void callsPerSampleEvent() throws Exception {
    account.createSampleLogGroupsAndImages();
    List<ObjectNode> events = new ArrayList<>();
    for (String file : List.of("register-task-definition.json", "register-task-definition-noncompliant.json",
        "register-task-definition-shared-role.json", "run-task.json")) {
      ObjectNode event = MotoAccount.event(file);
      events.add(event);
      JsonNode request = event.path("detail").path("requestParameters");
      if (request.has("containerDefinitions")) {
        account.register(registrable(request));
      }
    }
    sweep();
    JsonNode compliant = events.get(0).path("detail").path("responseElements").path("taskDefinition");

    List<String> table = new ArrayList<>();
    List<Facts.Usage> measured = new ArrayList<>();
    List<List<String>> findings = new ArrayList<>();
    FactCache sequence = new FactCache(Duration.ofMinutes(5), Clock.systemUTC());
    for (ObjectNode event : events) {
      ApiCall call = CloudTrailEvents.parse(event);
      JsonNode definition = event.path("detail").path("responseElements").path("taskDefinition");
      Subject subject = new Subject(TaskDefinitions.fromJson(definition.isObject() ? definition : compliant),
          Optional.empty(), call.origin().region(), call.origin().account());
      FactCache fresh = new FactCache(Duration.ofMinutes(5), Clock.systemUTC());
      findings.add(describe(engine.evaluate(subject, facts(Budget.DEFAULT))));
      Facts.Usage cold = usage(subject, fresh);
      Facts.Usage warm = usage(subject, fresh);
      Facts.Usage inSequence = usage(subject, sequence);
      measured.addAll(List.of(cold, warm, inSequence));
      table.add(String.format(Locale.ROOT, "%-45s cold %2d calls | warm %2d calls %d hits | in sequence %2d calls %d hits",
          event.path("detail").path("eventName").asText() + " " + subject.taskDefinition().family(),
          cold.calls(), warm.calls(), warm.cacheHits(), inSequence.calls(), inSequence.cacheHits()));
    }
    System.out.println("AWS calls per sample event (awslogs-group-exists, image-size-limit, task-role-not-shared):");
    table.forEach(System.out::println);

    assertEquals(List.of(
        List.of(),
        List.of("awslogs-group-exists /containerDefinitions/0/logConfiguration/options/awslogs-group HIGH",
            "awslogs-group-exists /containerDefinitions/2/logConfiguration/options/awslogs-group HIGH",
            "image-size-limit /containerDefinitions/0/image INFO"),
        List.of(),
        List.of()), findings, "the compliant samples stay compliant in the account they describe");
    // The task role inventory is one query per event (plus, in a fresh environment whose query finds no other family,
    // one read of whether a sweep completed): nothing grows with the number of families.
    assertEquals(List.of(
        // payments-api: 1 group (both containers), 2 images, the inventory's query and sweep check
        new Facts.Usage(5, 0), new Facts.Usage(1, 3), new Facts.Usage(5, 0),
        // legacy-worker: 1 group and the eu-west-1 image (absent, not found: both asked again), inventory 2
        new Facts.Usage(4, 0), new Facts.Usage(3, 0), new Facts.Usage(3, 0),
        // batch-report: 1 group, 2 images, inventory
        new Facts.Usage(5, 0), new Facts.Usage(1, 3), new Facts.Usage(4, 0),
        // run-task of payments-api:7
        new Facts.Usage(5, 0), new Facts.Usage(1, 3), new Facts.Usage(1, 3)), measured);
  }

  /**
   * The request as moto accepts it: the EC2 sample's second container has no memory and the task none (the real
   * API rejects that too); it gets 256 MiB here. Only the inventory needs the family registered.
   */
  private static JsonNode registrable(JsonNode request) {
    ObjectNode copy = request.deepCopy();
    if (!copy.has("memory")) {
      for (JsonNode container : copy.path("containerDefinitions")) {
        if (!container.has("memory") && !container.has("memoryReservation")) {
          ((ObjectNode) container).put("memory", 256);
        }
      }
    }
    return copy;
  }

  private Facts.Usage usage(Subject subject, FactCache factCache) {
    AwsFacts facts = new AwsFacts(clients, inventory, factCache, Budget.DEFAULT, null);
    engine.evaluate(subject, facts);
    return facts.usage();
  }
}
