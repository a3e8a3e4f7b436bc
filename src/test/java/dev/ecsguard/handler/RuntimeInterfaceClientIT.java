package dev.ecsguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsguard.json.Json;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.JarRunner;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged handler exactly as Lambda (and {@code sam local invoke}) runs it: AWS's own Java runtime
 * interface client ({@code aws-lambda-java-runtime-interface-client}, with its native Runtime API client) in
 * a separate JVM, given the handler string from template.yaml, polling a minimal Lambda Runtime API
 * (2018-06-01) that this test serves on loopback, with the SDK pointed at moto. One runtime process per
 * environment (mode); several invocations go through each, as in a warm execution environment.
 */
@ExtendWith(MotoServer.Extension.class)
class RuntimeInterfaceClientIT {

  /** Every wait is bounded: a hung runtime client fails the test instead of hanging the build. */
  static final Duration WAIT = Duration.ofSeconds(60);

  static final String FUNCTION_NAME = "ecs-guard-GuardFunction";
  static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION_NAME;
  static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  static final List<String> NONCOMPLIANT_RULES = List.of("require-log-configuration", "awslogs-options-complete",
      "no-secret-env-names", "no-secret-env-values", "require-execution-role", "image-same-region",
      "disallow-latest-tag", "fargate-cpu-memory-valid", "run-as-non-root", "disallow-privileged");

  // ---------------------------------------------------------------------------------------------------------
  // enforce mode: the non-compliant revision, a failed call and a malformed body through one warm runtime

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class EnforceMode {

    MotoAccount account;
    String topicArn;
    LambdaRuntime runtime;

    @BeforeAll
    void start() throws Exception {
      MotoServer.get().reset();
      account = new MotoAccount(MotoServer.get());
      topicArn = account.createAlertsTopic();
      runtime = LambdaRuntime.start("enforce", topicArn, MotoServer.get().environment());
    }

    @AfterAll
    void stop() throws Exception {
      try {
        runtime.closeAndCheck();
      } finally {
        account.close();
      }
    }

    @Test
    void theNonCompliantRevisionIsDeregisteredWithOneRedactedAlert() throws Exception {
      account.deliveredAlerts();
      ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
      String arn = account.registerFrom(event);

      Reply reply = runtime.invoke(Json.write(event));

      assertEquals("response", reply.kind(), () -> "a successful invocation: " + reply.redacted());
      Canaries.assertNone("the function's response", reply.body());
      JsonNode response = Json.MAPPER.readTree(reply.body());
      assertEquals("EVALUATED", response.path("status").asText(), reply::redacted);
      assertEquals("DEREGISTERED", response.path("action").asText(), reply::redacted);
      assertEquals(event.path("detail").path("eventID").asText(), response.path("eventId").asText(), reply::redacted);
      assertEquals("INACTIVE", account.status(arn), "the revision is deregistered in moto");

      List<JsonNode> alerts = account.deliveredAlerts();
      assertEquals(1, alerts.size(), "exactly one alert");
      Canaries.assertNone("the SNS alert", Json.write(alerts.get(0)));
      String body = alerts.get(0).path("Message").asText();
      for (String rule : NONCOMPLIANT_RULES) {
        assertTrue(body.contains(rule), "the alert names " + rule);
      }
      assertEquals("DEREGISTERED", alerts.get(0).path("MessageAttributes").path("action").path("Value").asText());

      String output = runtime.output();
      Canaries.assertNone("the runtime's stdout/stderr (the function's log)", output);
      List<JsonNode> lines = runtime.jsonLogLinesFor(reply.requestId());
      assertTrue(lines.stream().anyMatch(line -> line.path("message").asText().contains("\"ecsGuard\":\"evaluated\"")),
          () -> "the evaluation is logged as a JSON line for the request: " + runtime.redactedOutputTail());
    }

    @Test
    void aFailedCallIsASuccessfulSkippedInvocation() throws Exception {
      account.deliveredAlerts();

      Reply reply = runtime.invoke(Json.write(MotoAccount.event("register-task-definition-failed.json")));

      assertEquals("response", reply.kind(), () -> "not an error (nothing to retry): " + reply.redacted());
      assertEquals("SKIPPED", Json.MAPPER.readTree(reply.body()).path("status").asText(), reply::redacted);
      assertEquals(List.of(), account.deliveredAlerts(), "no alert for a skipped event");
    }

    @Test
    void aMalformedBodyIsASuccessfulUnusableInvocationNotAnError() throws Exception {
      account.deliveredAlerts();

      Reply reply = runtime.invoke("{\"detail\": [");

      assertEquals("response", reply.kind(), () -> "a retry could never succeed: " + reply.redacted());
      assertEquals("UNUSABLE", Json.MAPPER.readTree(reply.body()).path("status").asText(), reply::redacted);
      assertEquals(List.of(), account.deliveredAlerts(), "no alert for an unusable event");
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // audit mode

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AuditMode {

    MotoAccount account;
    LambdaRuntime runtime;

    @BeforeAll
    void start() throws Exception {
      MotoServer.get().reset();
      account = new MotoAccount(MotoServer.get());
      runtime = LambdaRuntime.start("audit", account.createAlertsTopic(), MotoServer.get().environment());
    }

    @AfterAll
    void stop() throws Exception {
      try {
        runtime.closeAndCheck();
      } finally {
        account.close();
      }
    }

    @Test
    void theNonCompliantRevisionIsReportedAndStaysActive() throws Exception {
      ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
      String arn = account.registerFrom(event);

      Reply reply = runtime.invoke(Json.write(event));

      assertEquals("response", reply.kind(), reply::redacted);
      Canaries.assertNone("the function's response", reply.body());
      JsonNode response = Json.MAPPER.readTree(reply.body());
      assertEquals("EVALUATED", response.path("status").asText(), reply::redacted);
      assertEquals("NONE", response.path("action").asText(), reply::redacted);
      assertEquals("ACTIVE", account.status(arn), "audit mode never deregisters");
      List<JsonNode> alerts = account.deliveredAlerts();
      assertEquals(1, alerts.size(), "exactly one alert");
      Canaries.assertNone("the SNS alert", Json.write(alerts.get(0)));
      assertEquals("NONE", alerts.get(0).path("MessageAttributes").path("action").path("Value").asText());
      Canaries.assertNone("the runtime's stdout/stderr (the function's log)", runtime.output());
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // AWS unreachable: a transient failure must fail the invocation so that it is retried

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AwsUnreachable {

    LambdaRuntime runtime;

    @BeforeAll
    void start() throws Exception {
      Map<String, String> aws = new LinkedHashMap<>(MotoServer.get().environment());
      aws.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closedPort());
      runtime = LambdaRuntime.start("enforce", "arn:aws:sns:us-east-1:123456789012:ecs-guard-alerts", aws);
    }

    @AfterAll
    void stop() throws Exception {
      runtime.closeAndCheck();
    }

    @Test
    void aValidEventFailsTheInvocationWithAValueFreeError() throws Exception {
      Reply reply = runtime.invoke(Json.write(MotoAccount.event("register-task-definition-noncompliant.json")));

      assertEquals("error", reply.kind(), () -> "the invocation fails, so EventBridge retries: " + reply.redacted());
      Canaries.assertNone("the error posted to the Runtime API", reply.body());
      JsonNode error = Json.MAPPER.readTree(reply.body());
      assertTrue(error.hasNonNull("errorType") && !error.path("errorType").asText().isBlank(), reply::redacted);
      assertTrue(error.hasNonNull("errorMessage") && !error.path("errorMessage").asText().isBlank(), reply::redacted);
      assertTrue(error.path("errorType").asText().contains("TransientAwsException"), reply::redacted);
      assertNotNull(reply.header("Lambda-Runtime-Function-Error-Type"), "the error type header");
      Canaries.assertNone("the runtime's stdout/stderr (the function's log)", runtime.output());

      // The execution environment survives: the next event is served by the same process.
      Reply next = runtime.invoke(Json.write(MotoAccount.event("register-task-definition-failed.json")));
      assertEquals("response", next.kind(), next::redacted);
      assertEquals("SKIPPED", Json.MAPPER.readTree(next.body()).path("status").asText(), next::redacted);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // the jar deployed as Lambda deploys it: unzipped into the task root, not on the class path

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ExtractedIntoTheTaskRoot {

    MotoAccount account;
    LambdaRuntime runtime;

    @BeforeAll
    void start() throws Exception {
      MotoServer.get().reset();
      account = new MotoAccount(MotoServer.get());
      runtime = LambdaRuntime.start("enforce", account.createAlertsTopic(), MotoServer.get().environment(),
          Deployment.EXTRACTED_TASK_ROOT);
    }

    @AfterAll
    void stop() throws Exception {
      try {
        runtime.closeAndCheck();
      } finally {
        account.close();
      }
    }

    @Test
    void theNonCompliantRevisionIsDeregisteredAndLoggedThroughTheRuntimeLogger() throws Exception {
      ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
      String arn = account.registerFrom(event);

      Reply reply = runtime.invoke(Json.write(event));

      assertEquals("response", reply.kind(), reply::redacted);
      Canaries.assertNone("the function's response", reply.body());
      assertEquals("DEREGISTERED", Json.MAPPER.readTree(reply.body()).path("action").asText(), reply::redacted);
      assertEquals("INACTIVE", account.status(arn));
      List<JsonNode> alerts = account.deliveredAlerts();
      assertEquals(1, alerts.size(), "exactly one alert");
      Canaries.assertNone("the SNS alert", Json.write(alerts.get(0)));
      Canaries.assertNone("the runtime's stdout/stderr (the function's log)", runtime.output());
      assertTrue(runtime.jsonLogLinesFor(reply.requestId()).stream()
              .anyMatch(line -> line.path("message").asText().contains("\"ecsGuard\":\"evaluated\"")),
          () -> "the evaluation is logged as a JSON line for the request: " + runtime.redactedOutputTail());
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // the Lambda side: template, classpath, the runtime process and the Runtime API it polls

  /** {@code Resources.GuardFunction.Properties.Handler} of template.yaml (the short-form tags are ignored). */
  static String handlerFromTemplate() throws IOException {
    JsonNode template = new YAMLMapper().readTree(Files.readString(Path.of("template.yaml")));
    String handler = template.path("Resources").path("GuardFunction").path("Properties").path("Handler").asText();
    assertFalse(handler.isBlank(), "template.yaml names the handler");
    return handler;
  }

  /** How the function's code reaches the runtime. */
  enum Deployment {
    /** {@code java -cp ecs-guard.jar:<runtime client jars> AWSLambda HANDLER}: the jar's own copies of
     * aws-lambda-java-core and utils-lite serve the runtime client too. */
    JAR_ON_CLASSPATH,
    /** As Lambda deploys a .jar package: unzipped into the task root (the working directory), loaded by the
     * runtime's customer class loader, with the runtime's own libraries on the system class path. */
    EXTRACTED_TASK_ROOT
  }

  /**
   * The runtime interface client and its own libraries, from this JVM's class path (the test classpath),
   * falling back to where the classes were loaded from. With {@code runtimeLibraries}, also the libraries
   * the Lambda runtime itself provides (aws-lambda-java-core, and utils-lite, which the client calls on
   * every invocation); otherwise the function's shaded jar supplies them.
   */
  static List<String> runtimeClientJars(boolean runtimeLibraries) {
    List<String> names = runtimeLibraries
        ? List.of("aws-lambda-java-runtime-interface-client", "aws-lambda-java-serialization", "aws-lambda-java-core",
            "utils-lite")
        : List.of("aws-lambda-java-runtime-interface-client", "aws-lambda-java-serialization");
    Set<String> jars = new LinkedHashSet<>();
    for (String property : List.of("java.class.path", "surefire.test.class.path")) {
      String value = System.getProperty(property);
      if (value == null) {
        continue;
      }
      for (String entry : value.split(File.pathSeparator)) {
        String fileName = Path.of(entry).getFileName().toString();
        if (fileName.endsWith(".jar") && names.stream().anyMatch(fileName::startsWith)) {
          jars.add(Path.of(entry).toAbsolutePath().toString());
        }
      }
    }
    if (jars.isEmpty()) {
      for (String className : List.of(RIC_MAIN, "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
          "com.amazonaws.services.lambda.runtime.Context", "software.amazon.awssdk.utilslite.SdkInternalThreadLocal")) {
        try {
          jars.add(Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString());
        } catch (ReflectiveOperationException | java.net.URISyntaxException | NullPointerException e) {
          fail("cannot locate " + className + " on the test classpath: " + e);
        }
      }
    }
    for (String name : names) {
      assertTrue(jars.stream().anyMatch(j -> Path.of(j).getFileName().toString().startsWith(name)),
          () -> name + " is on the test classpath: " + jars);
    }
    return List.copyOf(jars);
  }

  /** What the runtime posted for one invocation. */
  record Reply(String kind, String requestId, String body, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    String redacted() {
      return kind + " for " + requestId + ": " + Canaries.redact(body);
    }
  }

  /** The runtime interface client in its own JVM, its Runtime API, and its captured stdout/stderr. */
  static final class LambdaRuntime implements AutoCloseable {

    private static final Pattern JSON_LINE = Pattern.compile("^\\{.*\\}$", Pattern.MULTILINE);

    final RuntimeApi api;
    final Process process;
    final Path output;
    final Path taskRoot;

    private LambdaRuntime(RuntimeApi api, Process process, Path output, Path taskRoot) {
      this.api = api;
      this.process = process;
      this.output = output;
      this.taskRoot = taskRoot;
    }

    static LambdaRuntime start(String mode, String topicArn, Map<String, String> aws) throws IOException {
      return start(mode, topicArn, aws, Deployment.JAR_ON_CLASSPATH);
    }

    static LambdaRuntime start(String mode, String topicArn, Map<String, String> aws, Deployment deployment)
        throws IOException {
      Path jar = JarRunner.JAR.toAbsolutePath();
      assertTrue(Files.isRegularFile(jar), jar + " is missing: run `./mvnw verify` (it packages first)");
      String handler = handlerFromTemplate();
      Path taskRoot = Files.createTempDirectory("ecs-guard-task-root-");
      List<String> classpath = new ArrayList<>();
      if (deployment == Deployment.JAR_ON_CLASSPATH) {
        classpath.add(jar.toString());
        classpath.addAll(runtimeClientJars(false));
      } else {
        extract(jar, taskRoot);
        classpath.addAll(runtimeClientJars(true));
      }

      RuntimeApi api = RuntimeApi.start();
      Path output = Files.createTempFile("ecs-guard-ric-" + mode + "-", ".log");
      List<String> command = List.of(JarRunner.javaBinary(),
          // What the managed java runtimes pass (abridged).
          "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
          "--add-opens=java.base/java.io=ALL-UNNAMED", "-Djava.net.preferIPv4Stack=true",
          "-classpath", String.join(File.pathSeparator, classpath),
          RIC_MAIN, handler);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(taskRoot.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
      env.put("LANG", "en_US.UTF-8");
      env.put("TZ", ":UTC");
      env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.port());
      env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
      env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
      env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME);
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/25/[$LATEST]0123456789abcdef");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
      env.put("_HANDLER", handler);
      env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
      env.putAll(aws);
      env.put("ECS_GUARD_MODE", mode);
      env.put("ECS_GUARD_TOPIC_ARN", topicArn);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        api.close();
        throw e;
      }
      return new LambdaRuntime(api, process, output, taskRoot);
    }

    /** Unzips the deployment package as Lambda does into /var/task. */
    private static void extract(Path jar, Path taskRoot) throws IOException {
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
        for (var entries = zip.entries(); entries.hasMoreElements(); ) {
          java.util.zip.ZipEntry entry = entries.nextElement();
          Path target = taskRoot.resolve(entry.getName()).normalize();
          assertTrue(target.startsWith(taskRoot), () -> "entry outside the task root: " + entry.getName());
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
              Files.copy(in, target);
            }
          }
        }
      }
    }

    /** Queues one event and waits (bounded) for the runtime's response or error post. */
    Reply invoke(String event) throws Exception {
      String requestId = UUID.randomUUID().toString();
      CompletableFuture<Reply> reply = api.enqueue(requestId, event);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        try {
          return reply.get(250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
          if (api.initError.isDone()) {
            fail("the runtime reported an init error: " + Canaries.redact(api.initError.get()) + "\n"
                + redactedOutputTail());
          }
          if (!process.isAlive()) {
            fail("the runtime interface client exited with " + process.exitValue() + " before answering "
                + "(next polled " + api.nextCalls.get() + " times)\n" + redactedOutputTail());
          }
        }
      }
      fail("no response or error from the runtime within " + WAIT + " (next polled " + api.nextCalls.get()
          + " times)\n" + redactedOutputTail());
      return null;
    }

    String output() throws IOException {
      return Files.readString(output, StandardCharsets.UTF_8);
    }

    String redactedOutputTail() {
      try {
        return "--- runtime output (redacted; unredacted in " + output + ") ---\n"
            + Canaries.redactTail(output(), 6000);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    }

    /** The JSON log lines (AWS_LAMBDA_LOG_FORMAT=JSON) tagged with the request's id. */
    List<JsonNode> jsonLogLinesFor(String requestId) throws IOException {
      List<JsonNode> lines = new ArrayList<>();
      Matcher matcher = JSON_LINE.matcher(output());
      while (matcher.find()) {
        try {
          JsonNode line = Json.MAPPER.readTree(matcher.group());
          if (requestId.equals(line.path("AWSRequestId").asText())) {
            lines.add(line);
          }
        } catch (IOException notJson) {
          // not a structured line
        }
      }
      return lines;
    }

    /** Stops the runtime, then checks what only the whole run can show. */
    void closeAndCheck() throws Exception {
      close();
      Canaries.assertNone("the runtime's stdout/stderr (the function's log)", output());
      assertFalse(api.initError.isDone(), () -> "init error: " + Canaries.redact(api.initError.getNow("")));
      assertEquals(List.of(), api.unexpected, "requests outside the Runtime API");
    }

    @Override
    public void close() throws Exception {
      try {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } finally {
        api.close();
        deleteTree(taskRoot);
      }
    }

    /** The task root (with the unzipped jar); the output file is kept for diagnostics. */
    private static void deleteTree(Path root) throws IOException {
      try (var paths = Files.walk(root)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /**
   * A minimal Lambda Runtime API (2018-06-01) on loopback: {@code next} long-polls for an event the test
   * enqueued and sends it with every header the client reads; {@code response} and {@code error} complete
   * that invocation; {@code init/error} is recorded.
   */
  static final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION = Pattern.compile("^" + PREFIX + "invocation/([^/]+)/(response|error)$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<String[]> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Reply>> replies = new ConcurrentHashMap<>();
    final CompletableFuture<String> initError = new CompletableFuture<>();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final AtomicInteger nextCalls = new AtomicInteger();
    private volatile boolean closed;

    private RuntimeApi(HttpServer server, ExecutorService executor) {
      this.server = server;
      this.executor = executor;
    }

    static RuntimeApi start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(executor);
      RuntimeApi api = new RuntimeApi(server, executor);
      server.createContext("/", api::handle);
      server.start();
      return api;
    }

    int port() {
      return server.getAddress().getPort();
    }

    CompletableFuture<Reply> enqueue(String requestId, String event) {
      CompletableFuture<Reply> reply = replies.computeIfAbsent(requestId, id -> new CompletableFuture<>());
      pending.add(new String[] {requestId, event});
      return reply;
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
          nextCalls.incrementAndGet();
          next(exchange);
          return;
        }
        Matcher invocation = INVOCATION.matcher(path);
        if (method.equals("POST") && invocation.matches()) {
          String requestId = invocation.group(1);
          Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
          replies.computeIfAbsent(requestId, id -> new CompletableFuture<>())
              .complete(new Reply(invocation.group(2), requestId, new String(body, StandardCharsets.UTF_8), headers));
          send(exchange, 202, "{\"status\":\"OK\"}");
          return;
        }
        if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
          initError.complete(new String(body, StandardCharsets.UTF_8));
          send(exchange, 202, "{\"status\":\"OK\"}");
          return;
        }
        unexpected.add(method + " " + path);
        send(exchange, 404, "{\"errorMessage\":\"unknown path\",\"errorType\":\"NotFound\"}");
      }
    }

    /** Long-polls until the test enqueues an event (or the server closes). */
    private void next(HttpExchange exchange) throws IOException {
      String[] invocation = null;
      while (invocation == null) {
        if (closed) {
          send(exchange, 500, "{\"errorMessage\":\"shutting down\",\"errorType\":\"Shutdown\"}");
          return;
        }
        try {
          invocation = pending.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/json");
      headers.set("Lambda-Runtime-Aws-Request-Id", invocation[0]);
      headers.set("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 30_000));
      headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN + ":live");
      headers.set("Lambda-Runtime-Trace-Id",
          "Root=1-6744a1b0-" + invocation[0].replace("-", "").substring(0, 24) + ";Parent=53995c3f42cd8ad8;Sampled=0");
      // The native client reads these too and crashes when one is absent: always send them, empty.
      headers.set("Lambda-Runtime-Client-Context", "");
      headers.set("Lambda-Runtime-Cognito-Identity", "");
      headers.set("Lambda-Runtime-Aws-Tenant-Id", "");
      send(exchange, 200, invocation[1]);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
