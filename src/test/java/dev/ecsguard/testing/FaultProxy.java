package dev.ecsguard.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 proxy on loopback in front of moto that answers chosen AWS operations with a fault instead of
 * forwarding them: the throttling, 5xx, timeouts and connection resets moto cannot produce. Everything else
 * reaches moto unchanged, so the rest of the flow stays real.
 *
 * <p>It speaks HTTP on raw sockets (not {@code com.sun.net.httpserver}) so that it can do what a network does: reset a
 * connection (an RST, not a polite close), or hold a request past the client's timeout and then drop it.
 *
 * <p>Two ways to fault:
 * <ul>
 *   <li>{@link #fail}, {@link #failWhen}, {@link #delay}: every call of an operation, from now on;
 *   <li>{@link #schedule}: every Nth call (SDK invocation) of an operation, deterministically, for the first k attempts
 *       of that call. The SDK retries a failed attempt itself ({@code amz-sdk-invocation-id} stays, the attempt number
 *       in {@code amz-sdk-request} grows), so k below the client's attempts is a fault the SDK absorbs, and k at or above
 *       it is one that fails the AWS call and with it the event.
 * </ul>
 * Whether a fault reached the service is part of its {@link Kind}: a request that never reached moto cannot have had
 * an effect, while one forwarded and then answered too late (or reset) did, and only its answer was lost.
 */
public final class FaultProxy implements AutoCloseable {

  /** A canned AWS error for an operation (ECS's X-Amz-Target suffix, or the Action of SNS, SQS, EC2). */
  public record Fault(int status, String body, String contentType) {

    /** An AWS JSON protocol error (ECS, CloudWatch Logs, ECR, Secrets Manager, SSM), e.g. {@code ThrottlingException}. */
    public static Fault ecs(int status, String type) {
      return new Fault(status, "{\"__type\":\"" + type + "\",\"message\":\"injected by the test\"}",
          "application/x-amz-json-1.1");
    }

    /** An SNS or IAM (query protocol) error, e.g. {@code Throttling}. */
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

    /** The throttling answer each service gives, in its own protocol and with its own code and status. */
    public static Fault throttling(String service) {
      return switch (service) {
        case "sns" -> sns(429, "Throttled");
        case "iam" -> sns(400, "Throttling");
        case "ec2" -> ec2(503, "RequestLimitExceeded");
        case "sqs" -> sns(400, "RequestThrottled");
        default -> ecs(400, "ThrottlingException"); // ecs, logs, ecr, secretsmanager, ssm: AWS JSON 1.1
      };
    }

    /** The internal error each service gives. */
    public static Fault serverError(String service) {
      return switch (service) {
        case "sns", "sqs" -> sns(500, "InternalError");
        case "iam" -> sns(500, "ServiceFailure");
        case "ec2" -> ec2(500, "InternalError");
        case "ecs" -> ecs(500, "ServerException");
        default -> ecs(500, "InternalFailure");
      };
    }
  }

  /** What a scheduled fault does to the request. */
  public enum Kind {
    /** The service's own throttling error; never forwarded. */
    THROTTLE(false),
    /** The service's own 500; never forwarded. */
    SERVER_ERROR(false),
    /** Held past the client's timeout, then the connection is closed; never forwarded. */
    TIMEOUT_BEFORE_FORWARD(false),
    /** The connection is reset (RST) as soon as the request is read; never forwarded. */
    RESET_BEFORE_FORWARD(false),
    /** Forwarded (the service acts), then the answer is held past the client's timeout: the answer is lost. */
    TIMEOUT_AFTER_FORWARD(true),
    /** Forwarded (the service acts), then the connection is reset instead of answering: the answer is lost. */
    RESET_AFTER_FORWARD(true);

    private final boolean reachesService;

    Kind(boolean reachesService) {
      this.reachesService = reachesService;
    }

    /** Whether the service received the request (and may have acted on it) although the client saw a failure. */
    public boolean reachesService() {
      return reachesService;
    }
  }

  /** Every {@code every}th call of {@code operation} (counting from 0, those with index % every == offset). */
  private record Rule(String operation, Kind kind, int every, int offset, int attempts) {}

  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade", "keep-alive", "proxy-connection", "te", "trailer");
  /** The service in the SigV4 credential scope: {@code Credential=AKID/20261125/us-east-1/ecs/aws4_request}. */
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

  private final ServerSocket server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI target;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, Fault> conditionalFaults = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private volatile Duration timeoutHold = Duration.ofMillis(4500);
  /** One thread per connection: a held request does not hold up the rest (or the client's retries). */
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "fault-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** Per operation, how many SDK invocations (not attempts) were seen: the schedule's clock. */
  private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
  /** Per invocation id, the rule that faults it (or none) and how many of its attempts were faulted. */
  private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();
  private final Map<Kind, AtomicInteger> injected = new EnumMap<>(Kind.class);
  private final Map<String, AtomicInteger> injectedByOperation = new ConcurrentHashMap<>();
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();
  private final Map<String, List<String>> forwardedBodies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicLong> forwardedNanos = new ConcurrentHashMap<>();

  /** Every call as an IAM action name: the signing name from the request's SigV4 scope, then the operation. */
  private final Set<String> actions = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> actionCounts = new ConcurrentHashMap<>();

  private static final class Scheduled {
    final Rule rule;
    final AtomicInteger faulted = new AtomicInteger();

    Scheduled(Rule rule) {
      this.rule = rule;
    }
  }

  public FaultProxy(URI target) throws IOException {
    this.target = target;
    for (Kind kind : Kind.values()) {
      injected.put(kind, new AtomicInteger());
    }
    this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
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

  /**
   * Faults every {@code every}th call of the operation (the calls whose index, from 0, is {@code offset} modulo
   * {@code every}), on its first {@code attempts} attempts. Rules of one operation are tried in the order given.
   */
  public FaultProxy schedule(String operation, Kind kind, int every, int offset, int attempts) {
    if (every < 1 || attempts < 1 || offset < 0 || offset >= every) {
      throw new IllegalArgumentException("every >= 1, 0 <= offset < every, attempts >= 1");
    }
    rules.add(new Rule(operation, kind, every, offset, attempts));
    return this;
  }

  /** How long the timeout kinds hold a request: past every client attempt timeout ecs-guard sets (4 s). */
  public FaultProxy holdTimeoutsFor(Duration hold) {
    this.timeoutHold = hold;
    return this;
  }

  /** Keep the bodies of this operation's requests that reached moto (see {@link #forwardedBodies}). */
  public FaultProxy record(String... operations) {
    recorded.addAll(List.of(operations));
    return this;
  }

  /** How many times an operation was called (faulted or forwarded), attempts included. */
  public int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /** How many of an operation's requests reached moto (forwarded, whatever came of the answer). */
  public int forwarded(String operation) {
    AtomicInteger count = forwarded.get(operation);
    return count == null ? 0 : count.get();
  }

  /** The time moto took to answer an operation's forwarded requests, in total (milliseconds). */
  public long forwardedMillis(String operation) {
    java.util.concurrent.atomic.AtomicLong nanos = forwardedNanos.get(operation);
    return nanos == null ? 0 : nanos.get() / 1_000_000;
  }

  /** The bodies of a {@link #record recorded} operation's requests that reached moto. */
  public List<String> forwardedBodies(String operation) {
    return List.copyOf(forwardedBodies.getOrDefault(operation, List.of()));
  }

  /**
   * The calls seen so far as IAM actions ({@code ecs:DescribeTaskDefinition}, {@code iam:GetRole}, …): the service's
   * signing name, which is its IAM prefix for every service ecs-guard calls, and the operation.
   */
  public Set<String> actionsCalled() {
    return Set.copyOf(actions);
  }

  /** How many times each action was called so far (sorted by action): diff two snapshots to count one event's. */
  public Map<String, Integer> actionCounts() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    actionCounts.forEach((action, count) -> counts.put(action, count.get()));
    return counts;
  }

  /** Scheduled faults injected so far, by kind. */
  public Map<Kind, Integer> injected() {
    Map<Kind, Integer> counts = new LinkedHashMap<>();
    injected.forEach((kind, count) -> counts.put(kind, count.get()));
    return counts;
  }

  /** Scheduled faults injected so far, by {@code operation kind}. */
  public Map<String, Integer> injectedByOperation() {
    Map<String, Integer> counts = new TreeMap<>();
    injectedByOperation.forEach((key, count) -> counts.put(key, count.get()));
    return counts;
  }

  // ------------------------------------------------------------------------------------------------ serving

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        executor.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        return;
      }
    }
  }

  /** A keep-alive connection: requests one after another until the client closes or a fault ends it. */
  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        Request request = Request.read(in, out);
        if (request == null || !handle(request, socket, out) || request.wantsClose()) {
          return;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The client went away (its own timeout), or the connection was reset on purpose.
    } finally {
      open.remove(socket);
    }
  }

  /** Serves one request; false when the connection must not be reused (it was dropped or reset). */
  private boolean handle(Request request, Socket socket, OutputStream out) throws IOException {
    String operation = request.operation();
    calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    actions.add(request.service() + ":" + operation);
    actionCounts.computeIfAbsent(request.service() + ":" + operation, a -> new AtomicInteger()).incrementAndGet();
    Duration delay = delays.get(operation);
    if (delay != null) {
      sleep(delay);
    }
    Rule rule = scheduledFault(request, operation);
    if (rule != null) {
      injected.get(rule.kind()).incrementAndGet();
      injectedByOperation.computeIfAbsent(operation + " " + rule.kind(), k -> new AtomicInteger()).incrementAndGet();
      return inject(rule.kind(), request, socket, out);
    }
    Fault fault = cannedFault(request, operation);
    if (fault != null) {
      write(out, fault.status(), Map.of("Content-Type", List.of(fault.contentType())),
          fault.body().getBytes(StandardCharsets.UTF_8));
      return true;
    }
    Response response = forward(request);
    write(out, response.status(), response.headers(), response.body());
    return true;
  }

  private boolean inject(Kind kind, Request request, Socket socket, OutputStream out) throws IOException {
    String service = request.service();
    switch (kind) {
      case THROTTLE, SERVER_ERROR -> {
        Fault fault = kind == Kind.THROTTLE ? Fault.throttling(service) : Fault.serverError(service);
        write(out, fault.status(), Map.of("Content-Type", List.of(fault.contentType())),
            fault.body().getBytes(StandardCharsets.UTF_8));
        return true;
      }
      case TIMEOUT_BEFORE_FORWARD -> {
        sleep(timeoutHold);
        return false;
      }
      case RESET_BEFORE_FORWARD -> {
        reset(socket);
        return false;
      }
      case TIMEOUT_AFTER_FORWARD -> {
        forward(request);
        sleep(timeoutHold);
        return false;
      }
      case RESET_AFTER_FORWARD -> {
        forward(request);
        reset(socket);
        return false;
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /** The scheduled rule that faults this attempt, if any; decided once per SDK invocation. */
  private Rule scheduledFault(Request request, String operation) {
    if (rules.isEmpty()) {
      return null;
    }
    String invocation = request.header("amz-sdk-invocation-id");
    Scheduled decision;
    if (invocation == null) {
      decision = decide(operation); // not the SDK: every request is its own call
    } else {
      decision = scheduled.computeIfAbsent(operation + " " + invocation, k -> decide(operation));
    }
    if (decision.rule == null) {
      return null;
    }
    return decision.faulted.incrementAndGet() <= decision.rule.attempts() ? decision.rule : null;
  }

  private Scheduled decide(String operation) {
    int index = invocations.computeIfAbsent(operation, o -> new AtomicInteger()).getAndIncrement();
    for (Rule rule : rules) {
      if (rule.operation().equals(operation) && index % rule.every() == rule.offset()) {
        return new Scheduled(rule);
      }
    }
    return new Scheduled(null);
  }

  private Fault cannedFault(Request request, String operation) {
    Fault fault = faults.get(operation);
    if (fault != null || conditionalFaults.isEmpty()) {
      return fault;
    }
    String text = new String(request.body(), StandardCharsets.UTF_8);
    for (Map.Entry<String, Fault> conditional : conditionalFaults.entrySet()) {
      String[] key = conditional.getKey().split("\u0000", 2);
      if (key[0].equals(operation) && text.contains(key[1])) {
        return conditional.getValue();
      }
    }
    return null;
  }

  private record Response(int status, Map<String, List<String>> headers, byte[] body) {}

  private Response forward(Request request) throws IOException {
    String operation = request.operation();
    forwarded.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    if (recorded.contains(operation)) {
      forwardedBodies.computeIfAbsent(operation, o -> new CopyOnWriteArrayList<>())
          .add(new String(request.body(), StandardCharsets.UTF_8));
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(target.resolve(request.path()))
        .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    HttpResponse<byte[]> response;
    long started = System.nanoTime();
    try {
      response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      forwardedNanos.computeIfAbsent(operation, o -> new java.util.concurrent.atomic.AtomicLong())
          .addAndGet(System.nanoTime() - started);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        headers.put(name, List.copyOf(values));
      }
    });
    return new Response(response.statusCode(), headers, response.body());
  }

  private static void write(OutputStream out, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  /** An RST instead of a FIN: linger on, with a zero timeout, discards the connection. */
  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------------ HTTP

  /** One HTTP/1.1 request as the SDK sends it: a request line, headers, a body by length or chunked. */
  private record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {

    /** The next request on the connection, or null when the client closed it. */
    static Request read(InputStream in, OutputStream out) throws IOException {
      String line = readLine(in);
      while (line != null && line.isEmpty()) {
        line = readLine(in);
      }
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ");
      if (parts.length < 3) {
        throw new IOException("not an HTTP request line");
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
        int colon = header.indexOf(':');
        if (colon > 0) {
          headers.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>())
              .add(header.substring(colon + 1).trim());
        }
      }
      if ("100-continue".equalsIgnoreCase(first(headers, "Expect"))) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      byte[] body;
      if ("chunked".equalsIgnoreCase(first(headers, "Transfer-Encoding"))) {
        body = readChunked(in);
      } else {
        String length = first(headers, "Content-Length");
        body = in.readNBytes(length == null ? 0 : Integer.parseInt(length.trim()));
      }
      return new Request(parts[0], parts[1], headers, body);
    }

    String header(String name) {
      return first(headers, name);
    }

    boolean wantsClose() {
      return "close".equalsIgnoreCase(header("Connection"));
    }

    /** ECS names the operation in X-Amz-Target; SNS, SQS, IAM and EC2 (query protocol) in the Action parameter. */
    String operation() {
      String target = header("X-Amz-Target");
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

    /** The signing name of the service the request is for (ecs, sns, logs, iam, ...). */
    String service() {
      String authorization = header("Authorization");
      Matcher m = SCOPE.matcher(authorization == null ? "" : authorization);
      return m.find() ? m.group(1) : "unknown";
    }

    private static String first(Map<String, List<String>> headers, String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        if (size == null) {
          throw new SocketException("connection closed inside a chunked body");
        }
        int semicolon = size.indexOf(';');
        int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (length == 0) {
          for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
            // trailers are not forwarded
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(length));
        readLine(in);
      }
    }

    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
