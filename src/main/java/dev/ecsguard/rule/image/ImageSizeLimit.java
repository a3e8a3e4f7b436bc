package dev.ecsguard.rule.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Parameters;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Unverified;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A private ECR image is larger than the limit, {@code failBytes} (default 1 GiB). One limit, one severity, as for
 * every rule: a policy that still sets the former, lower {@code warnBytes} is refused with the reason, and a team
 * that wants to hear of smaller images lowers {@code failBytes} (and the rule's severity, if it wants them only
 * reported). The size is ECR's {@code imageSizeInBytes}: the compressed layers as stored and pulled (what a task start
 * downloads), smaller than what {@code docker images} shows; for a manifest list, AWS reports its largest image.
 *
 * <p>The image is looked up by digest when it has one (that is what runs), else by tag, {@code latest} when there
 * is none, in the registry's own account and region. Images outside private ECR are not looked at: no registry
 * API tells their size within ecs-guard's permissions. An image that is not found, or has no size, gets the one
 * INFO "could not verify" per definition like any unknown. Each distinct image is asked once per evaluation, and
 * after a transient failure (throttled, timed out, budget spent) no more are asked.
 */
@RuleInfo(
    id = "image-size-limit",
    profile = Profile.RESTRICTED,
    title = "Container image is larger than the size limit",
    severity = Severity.HIGH,
    kind = RuleKind.LIVE,
    mistake = 6,
    rationale = "Fargate caches no image: every task downloads its whole image, and the time that takes is directly "
        + "part of the time the task takes to start. A large image is paid on every deployment, scale-out and "
        + "replacement of a failed task, slows scaling when it matters most, and costs NAT gateway data processing "
        + "on every pull. Most large images carry build tools, caches or a full OS the service never uses.",
    remediation = "Shrink the image: a multi-stage build that copies only the artifact into the runtime image, a "
        + "-slim, -alpine or distroless base, no package manager caches or build dependencies in the final layer. "
        + "If the size is expected (ML models, a large runtime), raise this rule's failBytes, or consider "
        + "Seekable OCI (SOCI) indexes for lazy loading on Fargate.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html",
    controls = {})
public final class ImageSizeLimit implements Rule, Configurable {

  public static final long MIB = 1024L * 1024;
  public static final long DEFAULT_FAIL_BYTES = 1024 * MIB;

  private static final String FAIL = "failBytes";
  /** The second, lower limit of old: named so that a policy still setting it is refused with the reason. */
  private static final String RETIRED_WARN = "warnBytes";

  private final long failBytes;

  public ImageSizeLimit() {
    this(DEFAULT_FAIL_BYTES);
  }

  private ImageSizeLimit(long failBytes) {
    this.failBytes = failBytes;
  }

  @Override
  public Rule configure(JsonNode parameters) {
    if (parameters != null && parameters.has(RETIRED_WARN)) {
      throw new InvalidParameterException(RETIRED_WARN, "no longer used: the rule has one limit, failBytes, and "
          + "one severity; remove warnBytes, or lower failBytes to hear of smaller images");
    }
    JsonNode given = Parameters.object(parameters, Set.of(FAIL));
    return new ImageSizeLimit(bytes(given, FAIL, DEFAULT_FAIL_BYTES));
  }

  @Override
  public JsonNode parameters() {
    ObjectNode parameters = Parameters.newObject();
    putNumber(parameters, FAIL, failBytes);
    return parameters;
  }

  /** As JSON parsing would give it (an int when it fits), so the parameters equal the document they came from. */
  private static void putNumber(ObjectNode parameters, String key, long value) {
    if (value <= Integer.MAX_VALUE) {
      parameters.put(key, (int) value);
    } else {
      parameters.put(key, value);
    }
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Fact<Long>> asked = new HashMap<>();
    Violation unverified = null;
    for (ContainerDefinition container : context.taskDefinition().containers()) {
      Optional<ImageReference> parsed = ImageReference.parse(context, container.image());
      if (parsed.isEmpty() || !parsed.get().isEcr()) {
        continue;
      }
      ImageReference image = parsed.get();
      String reference = image.pinnedByDigest() ? image.digest() : image.hasTag() ? image.tag() : "latest";
      Fact<Long> size = asked.computeIfAbsent(
          image.ecrRegion() + " " + image.ecrAccount() + " " + image.repository() + " " + reference,
          k -> context.facts().imageSize(image.ecrRegion(), image.ecrAccount(), image.repository(), reference));
      if (size instanceof Fact.Unknown<Long> unknown) {
        if (unverified == null) {
          // Offline, there is no note: no stream for nothing.
          List<Violation> notes = Unverified.at(imageField(container), unknown);
          Violation note = notes.isEmpty() ? null : notes.get(0);
          unverified = note == null ? null : note.forContainer(container.name());
        }
        if (unknown.reason().isTransient()) {
          break; // the evaluation is incomplete already; asking more would only add to a throttled or slow API
        }
        continue;
      }
      long bytes = ((Fact.Known<Long>) size).value();
      if (bytes > failBytes) {
        violations.add(Violation.inContainer(container.name(), imageField(container), "container \"" + container.name()
            + "\" image \"" + container.image().trim() + "\" is " + mib(bytes) + " in ECR (compressed), over the "
            + "limit of " + mib(failBytes) + ": every task start pulls all of it"));
      }
    }
    if (unverified != null) {
      violations.add(unverified);
    }
    return violations;
  }

  /** Where a finding about the container's image points; made only for a finding (or a note). */
  private static String imageField(ContainerDefinition container) {
    return "/containerDefinitions/" + container.index() + "/image";
  }

  /** Bytes as MiB for a person: whole when exact, else one decimal. */
  static String mib(long bytes) {
    return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
  }

  /** A whole number of bytes, at least 1; {@code absent} when the key is not given. */
  private static long bytes(JsonNode parameters, String key, long absent) {
    JsonNode value = parameters.get(key);
    if (value == null) {
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
      throw new InvalidParameterException(key, "expected a whole number of bytes, at least 1 (524288000 is 500 MiB)");
    }
    return value.longValue();
  }
}
