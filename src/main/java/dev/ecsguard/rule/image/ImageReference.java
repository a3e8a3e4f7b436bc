package dev.ecsguard.rule.image;

import dev.ecsguard.model.Derivations;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.rule.EvaluationContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference as Docker reads it: {@code [registry[:port]/]repository[:tag][@digest]}.
 * The first path component is a registry when it has a dot or a colon or is {@code localhost}; otherwise
 * the image is on Docker Hub, and a one-component name lives under {@code library/}.
 *
 * @param registry the registry host (with port), lower case; {@value #DOCKER_HUB} for Docker Hub
 * @param repository the path in the registry, e.g. {@code team/app} or {@code library/nginx}
 * @param tag null when absent (Docker then pulls {@code latest}, unless a digest is given)
 * @param digest {@code sha256:…}, or null when the image is not pinned
 * @param ecrAccount the account of a private ECR registry, null otherwise
 * @param ecrRegion the region of a private ECR registry, null otherwise
 */
public record ImageReference(
    String registry, String repository, String tag, String digest, String ecrAccount, String ecrRegion) {

  public static final String DOCKER_HUB = "docker.io";
  public static final String ECR_PUBLIC = "public.ecr.aws";

  /**
   * Private ECR: {@code <acct>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]} or dual-stack {@code dkr-ecr.<region>.on.aws}.
   */
  private static final Pattern ECR = Pattern.compile(
      "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?|(\\d{12})\\.dkr-ecr\\.([a-z0-9-]+)\\.on\\.aws");
  /** {@code algorithm:encoded}, the algorithm's lower-case words joined by one of {@code +._-}. */
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}");
  /** Docker's tag grammar: a word character, then up to 127 of them, dots or dashes. */
  private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");

  /** The images of one evaluation, each parsed once: every image rule reads every container's image. */
  private static final Derivations.Key<Map<String, Optional<ImageReference>>> PARSED =
      new Derivations.Key<>(subject -> new HashMap<>());

  /** {@link #parse(String)} of an image of the subject, shared by the rules of the evaluation under way. */
  public static Optional<ImageReference> parse(EvaluationContext context, String image) {
    Map<String, Optional<ImageReference>> parsed = context.derived(PARSED);
    Optional<ImageReference> reference = parsed.get(image);
    if (reference == null) {
      reference = parse(image);
      parsed.put(image, reference);
    }
    return reference;
  }

  /**
   * Parses an image reference; empty when the text is not one (blank, spaces, empty parts, bad tag), or not yet one:
   * an unresolved template placeholder ({@code <IMAGE1_NAME>}, {@code {{app-image}}}, {@code REPLACED_BY_CI}) is
   * left to image-not-placeholder, so no image rule reads it as a Docker Hub image without a tag.
   */
  public static Optional<ImageReference> parse(String image) {
    if (image == null || Placeholders.inImage(image)) {
      return Optional.empty();
    }
    String text = image.trim();
    if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
      return Optional.empty();
    }
    String digest = null;
    int at = text.indexOf('@');
    if (at >= 0) {
      digest = text.substring(at + 1);
      text = text.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return Optional.empty();
      }
    }
    String registry = DOCKER_HUB;
    String rest = text;
    int slash = text.indexOf('/');
    if (slash > 0) {
      String first = text.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first.toLowerCase(Locale.ROOT);
        rest = text.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return Optional.empty();
      }
    }
    if (rest.isEmpty() || rest.startsWith("/") || rest.endsWith("/") || rest.contains("//")) {
      return Optional.empty();
    }
    if (isDockerHubHost(registry)) {
      registry = DOCKER_HUB;
      if (rest.indexOf('/') < 0) {
        rest = "library/" + rest;
      }
    }
    Matcher ecr = ECR.matcher(registry);
    boolean isEcr = ecr.matches();
    String account = !isEcr ? null : ecr.group(1) != null ? ecr.group(1) : ecr.group(3);
    String region = !isEcr ? null : ecr.group(2) != null ? ecr.group(2) : ecr.group(4);
    return Optional.of(new ImageReference(registry, rest, tag, digest, account, region));
  }

  private static boolean isDockerHubHost(String host) {
    return host.equals(DOCKER_HUB) || host.equals("index.docker.io") || host.equals("registry-1.docker.io")
        || host.equals("registry.hub.docker.com");
  }

  /** A private Amazon ECR registry (not ECR Public). */
  public boolean isEcr() {
    return ecrRegion != null;
  }

  public boolean isEcrPublic() {
    return registry.equals(ECR_PUBLIC);
  }

  public boolean isDockerHub() {
    return registry.equals(DOCKER_HUB);
  }

  public boolean hasTag() {
    return tag != null;
  }

  /** Pinned by content: the digest decides what is pulled, whatever the tag says. */
  public boolean pinnedByDigest() {
    return digest != null;
  }
}
