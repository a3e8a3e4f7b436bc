package dev.ecsguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.rule.Catalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The policy kept in an SSM parameter ({@code ECS_GUARD_POLICY_PARAMETER}), on top of the environment's
 * layers: read on first use, then again once the TTL has passed, so that a change reaches every warm
 * execution environment within the TTL without a redeploy. If a refresh fails for a moment, the last good
 * policy stays in force; if the parameter is gone, unreadable or invalid, the refusal is reported and nothing
 * is enforced until it is fixed.
 */
public final class SsmPolicyProvider implements PolicyProvider {

  /** The IAM actions this adapter calls; the template grants them on the parameter only. */
  public static final List<String> PERMISSIONS = List.of("ssm:GetParameter");

  private final AwsClients clients;
  private final String region;
  private final String parameter;
  private final JsonNode environmentLayers;
  private final Catalog base;
  private final Duration ttl;
  private final Clock clock;
  private ActivePolicy current;
  private Instant readAt;

  public SsmPolicyProvider(AwsClients clients, String region, String parameter, JsonNode environmentLayers,
      Catalog base, Duration ttl, Clock clock) {
    this.clients = clients;
    this.region = region;
    this.parameter = parameter;
    this.environmentLayers = environmentLayers;
    this.base = base;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized ActivePolicy current() {
    Instant now = clock.instant();
    if (current != null && now.isBefore(readAt.plus(ttl))) {
      return current;
    }
    try {
      String text = clients.ssm(region)
          .getParameter(r -> r.name(parameter).withDecryption(true)).parameter().value();
      JsonNode layer = PolicyLoader.parse(text, "SSM parameter " + parameter);
      current = ActivePolicy.of(PolicyLoader.merge(environmentLayers, layer), base);
    } catch (InvalidPolicyException e) {
      current = ActivePolicy.refused(e.getMessage(), base);
    } catch (SdkException e) {
      RuntimeException failure = AwsFailures.classify("GetParameter " + parameter, e);
      if (failure instanceof TransientAwsException transientFailure) {
        if (current == null) {
          throw transientFailure;
        }
        // Keep the last good policy for now; try again on the next event.
        return current;
      }
      current = ActivePolicy.refused(failure.getMessage()
          + (failure instanceof PermanentAwsException p && p.isAccessDenied() ? ": the function needs ssm:GetParameter" : ""),
          base);
    }
    readAt = now;
    return current;
  }
}
