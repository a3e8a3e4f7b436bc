package dev.ecsguard.rule.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Parameters;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An image is pulled from a registry that is not in {@code allowedRegistries}. By default only Amazon ECR is allowed:
 * any private registry (commercial, China, FIPS and dual-stack endpoints) and ECR Public. Docker Hub is not, because
 * of its anonymous pull rate limit; allow it explicitly ({@code docker.io}) and the rule stops reporting it.
 *
 * <p>A pattern is a registry host, optionally followed by a repository path: {@code ghcr.io},
 * {@code ghcr.io/acme} (acme's images only), {@code *.dkr.ecr.*.amazonaws.com}. In the host, {@code *} stands for
 * one DNS label or part of one (it never crosses a dot); in the path, {@code *} matches anything, and a path also
 * allows everything below it. Hosts compare case-insensitively, and Docker Hub's aliases ({@code index.docker.io},
 * {@code registry-1.docker.io}, {@code registry.hub.docker.com}) all mean {@code docker.io}, whose official images
 * live under {@code library/} ({@code docker.io/library/*}). Images that cannot be parsed are left to other rules.
 */
@RuleInfo(
    id = "image-registry-allowed",
    profile = Profile.RESTRICTED,
    title = "Container image comes from a registry that is not allowed",
    severity = Severity.MEDIUM,
    mistake = 5,
    rationale = "Every task start pulls its image, so the registry is part of the service: if it is down, throttled "
        + "or unreachable from the subnet, new tasks do not start, and whoever controls it controls the code that "
        + "runs. Docker Hub limits anonymous pulls to 10 an hour per IP address, and Fargate tasks behind one NAT "
        + "gateway share that address, so a scale-out or a redeploy fails all at once. ECR pulls stay in AWS, work "
        + "through VPC endpoints and are governed by IAM.",
    remediation = "Copy the image into ECR (an ECR pull through cache rule mirrors Docker Hub, GitHub, Quay and other "
        + "registries automatically) and point image at <account>.dkr.ecr.<region>.amazonaws.com/...; or, if the "
        + "registry is trusted and reliable, add it to this rule's allowedRegistries.",
    docUrl = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html",
    controls = {"Nirmata ecs-resource-check-demo ecs-register-task-definition-registry"})
public final class ImageRegistryAllowed implements ContainerRule, Configurable {

  public static final List<String> DEFAULT_ALLOWED = List.of(
      "*.dkr.ecr.*.amazonaws.com",
      "*.dkr.ecr.*.amazonaws.com.cn",
      "*.dkr.ecr-fips.*.amazonaws.com",
      "*.dkr-ecr.*.on.aws",
      ImageReference.ECR_PUBLIC);

  private static final String KEY = "allowedRegistries";
  private static final Set<String> DOCKER_HUB_ALIASES =
      Set.of("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
  private static final Pattern HOST_PATTERN = Pattern.compile("[a-z0-9*.:_-]+");
  private static final Pattern PATH_PATTERN = Pattern.compile("[a-z0-9*._/-]+");

  /**
   * One allowed pattern as regexes: in the host a {@code *} stands for {@code [^.]*}; in the path for {@code .*}, and
   * the path also allows {@code /.*} after it.
   *
   * @param path null when the pattern has no path (or only slashes)
   */
  record Allowed(Pattern host, Pattern path) {
    boolean matches(ImageReference image) {
      return host.matcher(image.registry()).matches() && (path == null || path.matcher(image.repository()).matches());
    }
  }

  /** The glob as a regex: its literal parts quoted, each {@code *} as {@code star}. */
  private static String globRegex(String glob, String star) {
    return Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(star));
  }

  private final List<String> patterns;
  private final List<Allowed> allowed;

  public ImageRegistryAllowed() {
    this(DEFAULT_ALLOWED);
  }

  private ImageRegistryAllowed(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    List<Allowed> compiled = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      compiled.add(compile(pattern));
    }
    this.allowed = List.copyOf(compiled);
  }

  @Override
  public Rule configure(JsonNode parameters) {
    JsonNode given = Parameters.object(parameters, Set.of(KEY));
    List<String> list = Parameters.strings(given, KEY, DEFAULT_ALLOWED);
    if (list.isEmpty()) {
      throw new InvalidParameterException(KEY, "an empty list rejects every image; disable the rule instead");
    }
    return new ImageRegistryAllowed(list);
  }

  @Override
  public JsonNode parameters() {
    ObjectNode parameters = Parameters.newObject();
    parameters.set(KEY, Parameters.array(patterns));
    return parameters;
  }

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    Optional<ImageReference> parsed = ImageReference.parse(context, container.image());
    if (parsed.isEmpty() || isAllowed(parsed.get())) {
      return List.of();
    }
    ImageReference image = parsed.get();
    String who = "container \"" + container.name() + "\" pulls \"" + container.image().trim() + "\" from ";
    if (image.isDockerHub()) {
      return List.of(Violation.at("image", who + "Docker Hub, which is not an allowed registry and rate-limits "
          + "anonymous pulls per IP address (allowed: " + allowedList() + ")"));
    }
    return List.of(Violation.at("image", who + image.registry() + ", which is not an allowed registry (allowed: "
        + allowedList() + ")"));
  }

  private boolean isAllowed(ImageReference image) {
    return allowed.stream().anyMatch(pattern -> pattern.matches(image));
  }

  private String allowedList() {
    return patterns.equals(DEFAULT_ALLOWED) ? "Amazon ECR and ECR Public, the default" : String.join(", ", patterns);
  }

  private static Allowed compile(String pattern) {
    String text = pattern.trim();
    if (text.contains("://")) {
      throw new InvalidParameterException(KEY, "'" + text + "': give the registry host without a scheme");
    }
    int slash = text.indexOf('/');
    String host = (slash < 0 ? text : text.substring(0, slash)).toLowerCase(Locale.ROOT);
    String path = slash < 0 ? null : text.substring(slash + 1);
    if (host.isEmpty() || !HOST_PATTERN.matcher(host).matches()) {
      throw new InvalidParameterException(KEY, "'" + text + "' is not a registry host pattern (host[/path], "
          + "with * as a wildcard)");
    }
    if (path != null && (path.isEmpty() || path.startsWith("/") || !PATH_PATTERN.matcher(path).matches())) {
      throw new InvalidParameterException(KEY, "'" + text + "' has an invalid repository path");
    }
    if (DOCKER_HUB_ALIASES.contains(host)) {
      host = ImageReference.DOCKER_HUB;
    }
    String trimmedPath = path == null ? null : path.replaceAll("/+$", "");
    return new Allowed(Pattern.compile(globRegex(host, "[^.]*")), trimmedPath == null || trimmedPath.isEmpty() ? null
        : Pattern.compile(globRegex(trimmedPath, ".*") + "(?:/.*)?"));
  }
}
