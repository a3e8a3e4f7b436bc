package dev.ecsguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Fault;
import dev.ecsguard.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The policy kept in SSM, read through the real SDK from moto: refresh after the TTL, refusals, outages. */
@ExtendWith(MotoServer.Extension.class)
class SsmPolicyProviderMotoTest {

  private static final String PARAMETER = "/ecs-guard/policy";
  private static final Duration TTL = Duration.ofMinutes(5);

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };

  private SsmClient ssm;
  private FaultProxy proxy;
  private AwsClients clients;

  @BeforeEach
  void setUp() throws Exception {
    MotoServer.get().reset();
    ssm = SsmClient.builder().endpointOverride(MotoServer.get().endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.get().credentials()).build();
    proxy = new FaultProxy(MotoServer.get().endpoint());
    clients = new AwsClients(proxy.endpoint(), MotoServer.get().credentials());
  }

  @AfterEach
  void tearDown() {
    clients.close();
    proxy.close();
    ssm.close();
  }

  private void put(String policy) {
    ssm.putParameter(r -> r.name(PARAMETER).value(policy).type(ParameterType.STRING).overwrite(true));
  }

  private SsmPolicyProvider provider() {
    return new SsmPolicyProvider(clients, "us-east-1", PARAMETER,
        PolicyLoader.fromEnvironment(new Settings(null, null, null)), Catalog.standard(), TTL, clock);
  }

  @Test
  void thePolicyIsReadOnceAndRefreshedAfterTheTtl() {
    put("mode: enforce\nenforce: {minimumSeverity: CRITICAL}");
    SsmPolicyProvider provider = provider();

    assertEquals(Mode.ENFORCE, provider.current().mode());
    assertEquals(Severity.CRITICAL, provider.current().document().enforceThreshold());
    assertEquals(1, proxy.calls("GetParameter"), "read once per execution environment");

    put("mode: audit");
    now.set(now.get().plus(Duration.ofMinutes(4)));
    assertEquals(Mode.ENFORCE, provider.current().mode(), "within the TTL the policy stays");
    now.set(now.get().plus(Duration.ofMinutes(2)));
    assertEquals(Mode.AUDIT, provider.current().mode(), "after the TTL it is read again");
    assertEquals(2, proxy.calls("GetParameter"));
  }

  @Test
  void anInvalidPolicyInSsmIsRefusedAndEnforcesNothing() {
    put("mode: enforce\nrules: {no-such-rule: {enabled: false}}");

    ActivePolicy policy = provider().current();

    assertEquals(Mode.AUDIT, policy.mode());
    assertTrue(policy.refusal().orElseThrow().contains("rules.no-such-rule"), policy.refusal().toString());
  }

  @Test
  void aMissingParameterIsRefusedWithItsName() {
    ActivePolicy policy = provider().current();

    assertEquals(Mode.AUDIT, policy.mode());
    assertTrue(policy.refusal().orElseThrow().contains(PARAMETER), policy.refusal().toString());
  }

  @Test
  void anOutageKeepsTheLastGoodPolicyAndWithoutOneTheEventIsRetried() {
    put("mode: enforce");
    SsmPolicyProvider provider = provider();
    assertEquals(Mode.ENFORCE, provider.current().mode());

    proxy.fail("GetParameter", Fault.ecs(400, "ThrottlingException"));
    now.set(now.get().plus(TTL).plusSeconds(1));
    assertEquals(Mode.ENFORCE, provider.current().mode(), "the last good policy stays in force");

    assertThrows(TransientAwsException.class, () -> provider().current(), "no policy yet: retry the event later");
  }
}
