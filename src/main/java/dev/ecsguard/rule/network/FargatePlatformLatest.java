package dev.ecsguard.rule.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Parameters;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A RunTask with {@code launchType: FARGATE} pins a {@code platformVersion} older than the latest one: the
 * configured {@code latestLinuxVersion} (default {@value #LINUX}) or, for a Windows task definition,
 * {@code latestWindowsVersion} (default {@value #WINDOWS}), the values Security Hub ECS.10 fixes and Prowler
 * defaults to. {@code LATEST} and an absent version (which means LATEST) pass, as in CT.ECS.PR.1, and so does a
 * version at or above the configured latest, so a new platform release is not reported before the policy
 * catches up (Prowler wants it equal). A version that is not {@code major.minor.patch} fails: nothing can tell
 * whether it is current. Skipped when the call used a capacity provider strategy instead of a launch type,
 * like CT.ECS.PR.1: the request does not say whether the task lands on Fargate.
 */
@RuleInfo(
    id = "fargate-platform-latest",
    profile = Profile.RESTRICTED,
    title = "Fargate task runs on an older platform version",
    severity = Severity.LOW,
    kind = RuleKind.RUN,
    mistake = 2,
    rationale = "The Fargate platform version is the kernel and container runtime a task runs on. Older versions "
        + "lack features that security and operations depend on (Linux 1.4.0 brought ephemeral storage "
        + "encryption, EFS volumes, task-level network metrics, SYS_PTRACE, and secrets by JSON key), and pinning "
        + "one means the task misses everything AWS adds to later versions. LATEST resolves to the newest version "
        + "at every task start.",
    remediation = "Drop platformVersion from the RunTask call (and the service or schedule that makes it) or set it "
        + "to \"LATEST\"; if a job must stay on an old version, exempt it with a reason and a date.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html",
    controls = {
        "Security Hub ECS.10",
        "AWS Config ecs-fargate-latest-platform-version",
        "Control Tower CT.ECS.PR.1",
        "Checkov CKV_AWS_332",
        "Prowler ecs_service_fargate_latest_platform_version"})
public final class FargatePlatformLatest implements Rule, Configurable {

  static final String LINUX = "1.4.0";
  static final String WINDOWS = "1.0.0";
  static final String LINUX_KEY = "latestLinuxVersion";
  static final String WINDOWS_KEY = "latestWindowsVersion";
  private static final Pattern VERSION = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");

  private final String latestLinux;
  private final String latestWindows;

  public FargatePlatformLatest() {
    this(LINUX, WINDOWS);
  }

  private FargatePlatformLatest(String latestLinux, String latestWindows) {
    this.latestLinux = latestLinux;
    this.latestWindows = latestWindows;
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    if (context.run().isEmpty()) {
      return List.of();
    }
    RunRequest run = context.run().get();
    String version = run.platformVersion() == null ? "" : run.platformVersion().trim();
    if (!"FARGATE".equals(run.launchType()) || version.isEmpty() || version.equalsIgnoreCase("LATEST")) {
      return List.of();
    }
    boolean windows = context.taskDefinition().isWindows();
    String latest = windows ? latestWindows : latestLinux;
    String os = windows ? "Windows" : "Linux";
    Matcher given = VERSION.matcher(version);
    if (!given.matches()) {
      return List.of(Violation.at("/platformVersion", "RunTask pins Fargate platformVersion \"" + shorten(version)
          + "\", which is neither LATEST nor a version number (the latest " + os + " version is " + latest + ")"));
    }
    if (compare(given, latest) >= 0) {
      return List.of();
    }
    return List.of(Violation.at("/platformVersion", "RunTask pins Fargate platform version " + version
        + ", older than the latest " + os + " version " + latest));
  }

  /** Version order, field by field; {@code latest} was validated when the rule was configured. */
  private static int compare(Matcher given, String latest) {
    Matcher other = VERSION.matcher(latest);
    if (!other.matches()) {
      throw new IllegalStateException("unvalidated version");
    }
    for (int i = 1; i <= 3; i++) {
      int difference = Integer.compare(Integer.parseInt(given.group(i)), Integer.parseInt(other.group(i)));
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }

  private static String shorten(String text) {
    return text.length() > 20 ? text.substring(0, 20) + "…" : text;
  }

  @Override
  public Rule configure(JsonNode parameters) {
    JsonNode given = Parameters.object(parameters, Set.of(LINUX_KEY, WINDOWS_KEY));
    return new FargatePlatformLatest(version(given, LINUX_KEY, latestLinux), version(given, WINDOWS_KEY, latestWindows));
  }

  /** A {@code major.minor.patch} text; {@code absent} when the key is not given. */
  private static String version(JsonNode parameters, String key, String absent) {
    JsonNode value = parameters.get(key);
    if (value == null) {
      return absent;
    }
    if (!value.isTextual() || !VERSION.matcher(value.asText().trim()).matches()) {
      throw new InvalidParameterException(key, "expected a platform version as text, e.g. \"1.4.0\"");
    }
    return value.asText().trim();
  }

  @Override
  public JsonNode parameters() {
    ObjectNode parameters = Parameters.newObject();
    parameters.put(LINUX_KEY, latestLinux);
    parameters.put(WINDOWS_KEY, latestWindows);
    return parameters;
  }
}
