package dev.ecsguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.aws.AccountClients;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.MemberRoleClients;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.json.BoundedInput;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.AlertRepeat;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.scan.RevisionScan;
import dev.ecsguard.scan.ScanUnit;
import dev.ecsguard.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduled scan's Lambda entry point: one unit of work (an account and a region) per invocation, scanned until
 * done or a minute before the timeout, where it was saved in the state table. It answers {@code "completed"}: the
 * template's state machine invokes it again for the same unit until it is true (and fans the units out with a
 * Distributed Map), so that a scan of any size fits Lambda's 15 minutes without a scheduler of ecs-guard's own.
 *
 * <p>Input (any other field is ignored, so a state machine may pass the previous answer back):
 * {@code {"account": "123456789012", "region": "eu-west-1"}}, both optional: the function's own by default. Another
 * account is scanned through its member role (an organization's deployment), else refused. Each revision goes through the guard's pipeline (the
 * same policy, profile, safety valve and ledgers); it acts only when {@value #ENFORCE} is {@code true} (and the
 * policy's mode enforces); it alerts once per revision and set of findings within
 * {@value RevisionScan#REALERT_VARIABLE}.
 */
public final class ScanHandler implements com.amazonaws.services.lambda.runtime.RequestStreamHandler {

  /** Whether the scheduled scan may act on existing revisions: {@code false} (report only) by default. */
  public static final String ENFORCE = "ECS_GUARD_SCAN_ENFORCE";

  /** Left for saving where the scan is and answering, before Lambda's timeout. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final AccountClients accounts;
  private final boolean memberRoles;
  private final AwsClients clients;
  private final StateStore state;
  private final Pipeline pipeline;
  private final boolean enforce;
  private final AlertRepeat remember;
  private final InventorySweep.Pacer pacer;
  private final Clock clock;
  private final LogSink log;

  public ScanHandler() {
    this(new AwsClients(), System.getenv(), GuardHandler.LAMBDA_LOG, Clock.systemUTC(), null);
  }

  /**
   * @param pacer the pace, or null for {@code ECS_GUARD_SWEEP_CALLS_PER_SECOND}'s (the inventory sweep's)
   */
  ScanHandler(AwsClients clients, Map<String, String> env, LogSink log, Clock clock, InventorySweep.Pacer pacer) {
    this.clients = clients;
    this.state = StateStore.fromEnvironment(env, clients);
    if (!state.persistent()) {
      throw new IllegalStateException(StateStore.TABLE + " is not set: a scan has nowhere to keep its cursor and "
          + "which alerts went out");
    }
    this.pipeline = PipelineFactory.forAws(env, clients, log, System.out);
    this.accounts = MemberRoleClients.fromEnvironment(env, clients);
    this.memberRoles = env.get(MemberRoleClients.ROLE_NAME) != null && !env.get(MemberRoleClients.ROLE_NAME).isBlank();
    this.enforce = enforceFromEnvironment(env);
    this.remember = AlertRepeat.fromEnvironment(env, RevisionScan.REALERT_VARIABLE, RevisionScan.DEFAULT_REALERT);
    this.pacer = pacer != null ? pacer
        : InventorySweep.Pacer.perSecond(InventorySweepHandler.SweepPace.fromEnvironment(env));
    this.clock = clock;
    this.log = log;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    // arn:aws:lambda:<region>:<account>:function:<name>[:alias]
    String[] arn = context.getInvokedFunctionArn().split(":");
    byte[] raw;
    try {
      raw = BoundedInput.read(input);
    } catch (BoundedInput.TooLargeException e) {
      throw new IllegalArgumentException("the scan's input is too large: expected {\"account\": …, \"region\": …}");
    }
    ScanUnit unit = unit(raw, arn[4], arn[3], memberRoles);
    Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
    // A member account's listings go through its role, as the pipeline's describe, facts and enforcement do.
    RevisionScan.Result result = new RevisionScan(accounts.in(unit.account()), state.scans(),
        (origin, definition) -> pipeline.evaluateExisting(origin, definition, enforce, remember), clock, pacer)
        .run(unit, new RevisionScan.Scope(null, false), deadline, RevisionScan.Progress.NONE);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ecsGuard", "scan");
    answer.put("account", unit.account());
    answer.put("region", unit.region());
    answer.put("completed", result.completed());
    answer.putAll(result.summary().toMap());
    answer.put("ecsCalls", result.ecsCalls());
    answer.put("unreadable", result.unreadable());
    answer.put("note", result.note());
    String line = Json.write(answer);
    log.log(LogSink.Level.INFO, line);
    output.write(line.getBytes(StandardCharsets.UTF_8));
  }

  /** The unit the input names, else the function's own account and region. */
  static ScanUnit unit(byte[] input, String ownAccount, String ownRegion) {
    return unit(input, ownAccount, ownRegion, false);
  }

  /** @param memberRoles whether other accounts are reached through their member role (an organization) */
  static ScanUnit unit(byte[] input, String ownAccount, String ownRegion, boolean memberRoles) {
    JsonNode root;
    try {
      root = input.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(input);
    } catch (IOException e) {
      throw new IllegalArgumentException("the scan's input is not JSON: expected {\"account\": …, \"region\": …}");
    }
    String account = text(root, "account", ownAccount);
    String region = text(root, "region", ownRegion);
    if (!account.equals(ownAccount) && !memberRoles) {
      throw new IllegalArgumentException("account " + account + " is not the function's own (" + ownAccount
          + "): scanning another account needs its member role (MemberRoleName, OrganizationId)");
    }
    return new ScanUnit(account, region);
  }

  private static String text(JsonNode root, String field, String byDefault) {
    JsonNode value = root == null ? null : root.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? byDefault : value.asText().trim();
  }

  static boolean enforceFromEnvironment(Map<String, String> env) {
    String text = env.getOrDefault(ENFORCE, "false").trim().toLowerCase(java.util.Locale.ROOT);
    return switch (text) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw new IllegalArgumentException(ENFORCE + ": '" + text + "': expected true or false");
    };
  }
}
