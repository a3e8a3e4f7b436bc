package dev.ecsguard.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;

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

  private final SdkHttpClient http = UrlConnectionHttpClient.builder()
      .connectionTimeout(Duration.ofSeconds(2))
      .socketTimeout(Duration.ofSeconds(4))
      .build();
  private final ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
      .apiCallTimeout(API_CALL_TIMEOUT)
      .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
      .build();
  private final Map<String, EcsClient> ecs = new ConcurrentHashMap<>();
  private final Map<String, SnsClient> sns = new ConcurrentHashMap<>();

  public EcsClient ecs(String region) {
    return ecs.computeIfAbsent(region, r -> EcsClient.builder()
        .region(Region.of(r)).httpClient(http).overrideConfiguration(overrides).build());
  }

  public SnsClient sns(String region) {
    return sns.computeIfAbsent(region, r -> SnsClient.builder()
        .region(Region.of(r)).httpClient(http).overrideConfiguration(overrides).build());
  }

  @Override
  public void close() {
    ecs.values().forEach(EcsClient::close);
    sns.values().forEach(SnsClient::close);
    http.close();
  }
}
