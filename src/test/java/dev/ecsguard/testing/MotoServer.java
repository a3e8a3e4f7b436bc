package dev.ecsguard.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real {@code moto_server} on a free loopback port, started once for the whole test run and stopped
 * when JUnit's root store closes. Installs moto with pip when it is missing; never skips.
 *
 * <p>Use it with {@code @ExtendWith(MotoServer.Extension.class)} and {@link #get()}; call {@link #reset()} between tests.
 */
public final class MotoServer implements ExtensionContext.Store.CloseableResource {

  public static final String REGION = "us-east-1";
  /** moto's default account. */
  public static final String ACCOUNT = "123456789012";

  private static MotoServer instance;

  private final Process process;
  private final URI endpoint;
  private final Path logFile;

  private MotoServer(Process process, URI endpoint, Path logFile) {
    this.process = process;
    this.endpoint = endpoint;
    this.logFile = logFile;
  }

  /** Starts the shared server before the first test class that needs it; JUnit closes it at the end. */
  public static final class Extension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      synchronized (MotoServer.class) {
        if (instance == null) {
          instance = start();
          context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(MotoServer.class.getName(), instance);
        }
      }
    }
  }

  /** The running server; only inside a test class extended with this extension. */
  public static MotoServer get() {
    if (instance == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(MotoServer.Extension.class)");
    }
    return instance;
  }

  /** Starts a private server (for tests that need their own, such as a subprocess, and benchmarks). */
  public static MotoServer start() throws IOException, InterruptedException {
    Path command = PythonTools.require("moto_server", "moto[server]");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // AWS-managed IAM policies exist only when asked for (AdministratorAccess checks need them).
    builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
    Process process = builder.start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    MotoServer server = new MotoServer(process, endpoint, log);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + Files.readString(logFile));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) new URL(endpoint + "/moto-api/").openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        if (connection.getResponseCode() < 500) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("moto_server did not answer within " + timeout + ": " + Files.readString(logFile));
  }

  /** Forgets every resource: each test starts from an empty account. */
  public void reset() {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL(endpoint + "/moto-api/reset").openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.getOutputStream().close();
      if (connection.getResponseCode() != 200) {
        throw new IllegalStateException("moto reset answered " + connection.getResponseCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset failed", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  /** The standard AWS environment variables that point a process (the CLI, the runtime client) at moto. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ENDPOINT_URL", endpoint.toString(),
        "AWS_REGION", REGION,
        "AWS_DEFAULT_REGION", REGION,
        "AWS_ACCESS_KEY_ID", "testing",
        "AWS_SECRET_ACCESS_KEY", "testing",
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  public List<String> log() throws IOException {
    return Files.readAllLines(logFile);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
