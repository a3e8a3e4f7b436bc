package dev.ecsguard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback in front of moto that answers chosen AWS operations with a fault instead of
 * forwarding them: the throttling, 5xx and access-denied answers moto cannot produce. Everything else
 * reaches moto unchanged, so the rest of the flow stays real.
 */
public final class FaultProxy implements AutoCloseable {

  /** A canned AWS error for an operation (ECS's X-Amz-Target suffix, or the Action of SNS, SQS, EC2). */
  public record Fault(int status, String body, String contentType) {

    /** An ECS (JSON protocol) error, e.g. {@code ThrottlingException}. */
    public static Fault ecs(int status, String type) {
      return new Fault(status, "{\"__type\":\"" + type + "\",\"message\":\"injected by the test\"}",
          "application/x-amz-json-1.1");
    }

    /** An SNS (query protocol) error, e.g. {@code Throttling}. */
    public static Fault sns(int status, String code) {
      return new Fault(status, "<ErrorResponse><Error><Type>Sender</Type><Code>" + code
          + "</Code><Message>injected by the test</Message></Error><RequestId>x</RequestId></ErrorResponse>",
          "text/xml");
    }

    /** An EC2 error (query protocol, EC2's own error shape), e.g. {@code RequestLimitExceeded}. */
    public static Fault ec2(int status, String code) {
      return new Fault(status, "<Response><Errors><Error><Code>" + code
          + "</Code><Message>injected by the test</Message></Error></Errors><RequestID>x</RequestID></Response>",
          "text/xml");
    }
  }

  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade", "keep-alive");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI target;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, Fault> conditionalFaults = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  /** Requests are served concurrently, so a delayed one does not hold up the rest (or the client's retries). */
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "fault-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** Every call as an IAM action name: the signing name from the request's SigV4 scope, then the operation. */
  private final Set<String> actions = ConcurrentHashMap.newKeySet();

  public FaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on, answer this operation with the fault. */
  public FaultProxy fail(String operation, Fault fault) {
    faults.put(operation, fault);
    return this;
  }

  /** From now on, answer this operation with the fault when its request body contains the text (a topic name). */
  public FaultProxy failWhen(String operation, String bodyContains, Fault fault) {
    conditionalFaults.put(operation + "\u0000" + bodyContains, fault);
    return this;
  }

  /** From now on, hold this operation's answer (fault or forwarded) for a while: a lookup that times out. */
  public FaultProxy delay(String operation, Duration delay) {
    delays.put(operation, delay);
    return this;
  }

  /** How many times an operation was called (faulted or forwarded). */
  public int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /**
   * The calls seen so far as IAM actions ({@code ecs:DescribeTaskDefinition}, {@code iam:GetRole}, …): the service's
   * signing name, which is its IAM prefix for every service ecs-guard calls, and the operation.
   */
  public Set<String> actionsCalled() {
    return Set.copyOf(actions);
  }

  /** {@code Authorization: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, …}. */
  private static String signingName(HttpExchange exchange) {
    String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
    int start = authorization.indexOf("Credential=");
    if (start < 0) {
      return "unsigned";
    }
    String[] scope = authorization.substring(start + "Credential=".length()).split("[,\\s]", 2)[0].split("/");
    return scope.length == 5 ? scope[3] : "unknown";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String operation = operation(exchange, body);
      calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
      actions.add(signingName(exchange) + ":" + operation);
      Duration delay = delays.get(operation);
      if (delay != null) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Fault fault = faults.get(operation);
      if (fault == null) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (Map.Entry<String, Fault> conditional : conditionalFaults.entrySet()) {
          String[] key = conditional.getKey().split("\u0000", 2);
          if (key[0].equals(operation) && text.contains(key[1])) {
            fault = conditional.getValue();
          }
        }
      }
      if (fault != null) {
        byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", fault.contentType());
        exchange.sendResponseHeaders(fault.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        return;
      }
      forward(exchange, body);
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase())) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, List.copyOf(values));
      }
    });
    byte[] bytes = response.body();
    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** ECS names the operation in X-Amz-Target; SNS and SQS (query protocol) in the Action parameter. */
  private static String operation(HttpExchange exchange, byte[] body) {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      if (pair.startsWith("Action=")) {
        return pair.substring("Action=".length());
      }
    }
    return "unknown";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
