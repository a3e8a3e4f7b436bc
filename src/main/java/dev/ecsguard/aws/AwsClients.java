package dev.ecsguard.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients, built once per execution environment and lazily per region: an event may come from
 * another region than the function's (a central event bus), and ecs-guard acts in the event's region.
 * One lightweight HTTP client is shared. Credentials and {@code AWS_ENDPOINT_URL} (an emulator) come from
 * the standard AWS environment, exactly as in Lambda.
 */
public final class AwsClients implements AutoCloseable {

  /** Short enough that a stuck call fails the invocation well before the function's timeout. */
  static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(4);

  private final Supplier<SdkHttpClient> httpClients;
  private volatile SdkHttpClient http;
  private final ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
      .apiCallTimeout(API_CALL_TIMEOUT)
      .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
      .build();
  /**
   * Fact lookups answer fast or not at all: a slow lookup becomes "could not verify", not a slow event. One retry
   * only: the default four attempts' throttling backoff outlasts the call timeout about half the time, so a
   * throttled lookup spent 3 s of the event's budget and was reported as timed out instead of throttled.
   */
  private final ClientOverrideConfiguration factOverrides = ClientOverrideConfiguration.builder()
      .apiCallTimeout(Duration.ofSeconds(3))
      .apiCallAttemptTimeout(Duration.ofMillis(1500))
      .retryStrategy(retries -> retries.maxAttempts(2))
      .build();
  private final Map<String, EcsClient> ecs = new ConcurrentHashMap<>();
  private final Map<String, CloudWatchLogsClient> logs = new ConcurrentHashMap<>();
  private final Map<String, EcrClient> ecr = new ConcurrentHashMap<>();
  private final Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
  private final Map<String, SecretsManagerClient> secretsManager = new ConcurrentHashMap<>();
  private final Map<String, SsmClient> factSsm = new ConcurrentHashMap<>();
  private final Map<String, EcsClient> factEcs = new ConcurrentHashMap<>();
  private volatile IamClient iam;
  private final Map<String, SnsClient> sns = new ConcurrentHashMap<>();
  private final Map<String, SsmClient> ssm = new ConcurrentHashMap<>();
  private final Map<String, DynamoDbClient> dynamoDb = new ConcurrentHashMap<>();
  private final Map<String, SqsClient> sqs = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private SdkHttpClient longPollHttp;
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;

  /** The standard AWS environment: default credentials chain, {@code AWS_ENDPOINT_URL} if set. */
  public AwsClients() {
    this(null, null);
  }

  /** An explicit endpoint and credentials (tests against an emulator); nulls mean the SDK's defaults. */
  public AwsClients(URI endpoint, AwsCredentialsProvider credentials) {
    this(endpoint, credentials, AwsClients::lightweightHttp);
  }

  /**
   * @param httpClients makes the HTTP client every SDK client shares (again after {@link #renew()}): the
   *     lightweight URL-connection client, or one that answers without a network (priming)
   */
  public AwsClients(URI endpoint, AwsCredentialsProvider credentials, Supplier<SdkHttpClient> httpClients) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.httpClients = httpClients;
  }

  /**
   * Clients like these (same endpoint, same kind of HTTP client) signed with other credentials: a member account's
   * role ({@link MemberRoleClients}). They are closed on their own.
   */
  public AwsClients withCredentials(AwsCredentialsProvider other) {
    return new AwsClients(endpoint, other, httpClients);
  }

  /**
   * The shared HTTP client, made on first use: making it sets up TLS (the JDK's providers, the trust store),
   * a quarter of a second of a cold start that belongs on the thread that builds the first SDK client, not on
   * the one that constructs this.
   */
  private SdkHttpClient http() {
    SdkHttpClient client = http;
    if (client == null) {
      synchronized (this) {
        if (http == null) {
          http = httpClients.get();
        }
        client = http;
      }
    }
    return client;
  }

  private static SdkHttpClient lightweightHttp() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(4))
        .build();
  }

  /**
   * Closes every client and starts afresh, as after a SnapStart restore: the snapshot's connections are dead,
   * and credentials must be read again in the restored environment. Clients are built again on first use.
   */
  public synchronized void renew() {
    close();
    ecs.clear();
    sns.clear();
    ssm.clear();
    dynamoDb.clear();
    sqs.clear();
    logs.clear();
    ecr.clear();
    ec2.clear();
    secretsManager.clear();
    factSsm.clear();
    factEcs.clear();
    sts.clear();
    iam = null;
    http = httpClients.get();
  }

  public EcsClient ecs(String region) {
    return ecs.computeIfAbsent(region, r -> configure(EcsClient.builder(), r).build());
  }

  public SnsClient sns(String region) {
    return sns.computeIfAbsent(region, r -> configure(SnsClient.builder(), r).build());
  }

  public SsmClient ssm(String region) {
    return ssm.computeIfAbsent(region, r -> configure(SsmClient.builder(), r).build());
  }

  /** STS in the function's own region (its regional endpoint): member roles are assumed with it. */
  public StsClient sts(String region) {
    return sts.computeIfAbsent(region, r -> configure(StsClient.builder(), r).build());
  }

  /** ecs-guard's state table, in the function's own region. */
  public DynamoDbClient dynamoDb(String region) {
    return dynamoDb.computeIfAbsent(region, r -> configure(DynamoDbClient.builder(), r).build());
  }

  /**
   * SQS for the CLI's replay of the dead-letter queue; the function does not use it. Its own HTTP client and
   * timeouts: a long poll waits up to 20 s for messages, five times the shared client's socket timeout.
   */
  public SqsClient sqs(String region) {
    return sqs.computeIfAbsent(region, r -> configure(SqsClient.builder(), r)
        .httpClient(longPollHttp())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(90))
            .apiCallAttemptTimeout(Duration.ofSeconds(LONG_POLL_SECONDS + 10))
            .build())
        .build());
  }

  /** The longest SQS long poll (ReceiveMessage's WaitTimeSeconds maximum). */
  public static final int LONG_POLL_SECONDS = 20;

  private synchronized SdkHttpClient longPollHttp() {
    if (longPollHttp == null) {
      longPollHttp = UrlConnectionHttpClient.builder()
          .connectionTimeout(Duration.ofSeconds(2))
          .socketTimeout(Duration.ofSeconds(LONG_POLL_SECONDS + 5))
          .build();
    }
    return longPollHttp;
  }

  public CloudWatchLogsClient logs(String region) {
    return logs.computeIfAbsent(region, r -> configureFacts(CloudWatchLogsClient.builder(), r).build());
  }

  public EcrClient ecr(String region) {
    return ecr.computeIfAbsent(region, r -> configureFacts(EcrClient.builder(), r).build());
  }

  public Ec2Client ec2(String region) {
    return ec2.computeIfAbsent(region, r -> configureFacts(Ec2Client.builder(), r).build());
  }

  public SecretsManagerClient secretsManager(String region) {
    return secretsManager.computeIfAbsent(region, r -> configureFacts(SecretsManagerClient.builder(), r).build());
  }

  /** SSM for fact lookups (parameter metadata), with the short fact timeouts. */
  public SsmClient ssmFacts(String region) {
    return factSsm.computeIfAbsent(region, r -> configureFacts(SsmClient.builder(), r).build());
  }

  /** ECS for fact lookups (the task definition inventory), with the short fact timeouts. */
  public EcsClient ecsFacts(String region) {
    return factEcs.computeIfAbsent(region, r -> configureFacts(EcsClient.builder(), r).build());
  }

  /** IAM is global: one client, signed for the partition's global region. */
  public IamClient iam() {
    IamClient client = iam;
    if (client == null) {
      synchronized (this) {
        if (iam == null) {
          iam = configureFacts(IamClient.builder(), Region.AWS_GLOBAL.id()).build();
        }
        client = iam;
      }
    }
    return client;
  }

  private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configureFacts(B builder, String region) {
    return configure(builder, region).overrideConfiguration(factOverrides);
  }

  private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, String region) {
    builder.httpClient(http()).region(Region.of(region)).overrideConfiguration(overrides);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    return builder;
  }

  @Override
  public synchronized void close() {
    ecs.values().forEach(EcsClient::close);
    sns.values().forEach(SnsClient::close);
    ssm.values().forEach(SsmClient::close);
    dynamoDb.values().forEach(DynamoDbClient::close);
    sqs.values().forEach(SqsClient::close);
    logs.values().forEach(CloudWatchLogsClient::close);
    ecr.values().forEach(EcrClient::close);
    ec2.values().forEach(Ec2Client::close);
    secretsManager.values().forEach(SecretsManagerClient::close);
    factSsm.values().forEach(SsmClient::close);
    factEcs.values().forEach(EcsClient::close);
    sts.values().forEach(StsClient::close);
    if (iam != null) {
      iam.close();
    }
    if (http != null) {
      http.close();
    }
    if (longPollHttp != null) {
      longPollHttp.close();
      longPollHttp = null;
    }
  }
}
