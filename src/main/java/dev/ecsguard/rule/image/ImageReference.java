package dev.ecsguard.rule.image;

import dev.ecsguard.model.Derivations;
import dev.ecsguard.model.Placeholders;
import dev.ecsguard.rule.EvaluationContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
   * Read by {@link #ecrAccountAndRegion} without the regex; ImageReferenceLoopsTest keeps the two in step.
   */
  static final Pattern ECR = Pattern.compile(
      "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?|(\\d{12})\\.dkr-ecr\\.([a-z0-9-]+)\\.on\\.aws");
  /** Checked by {@link #isDigest} without the regex; ImageReferenceLoopsTest keeps the two in step. */
  static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}");
  private static final int MAX_TAG_LENGTH = 128;

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
    // Every image rule parses the image of every container: no streams, and no regex where a loop is as clear.
    if (text.isEmpty() || containsWhitespace(text)) {
      return Optional.empty();
    }
    String digest = null;
    int at = text.indexOf('@');
    if (at >= 0) {
      digest = text.substring(at + 1);
      text = text.substring(0, at);
      if (!isDigest(digest)) {
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
      if (!isTag(tag)) {
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
    String account = null;
    String region = null;
    String[] ecr = looksLikeEcr(registry) ? ecrAccountAndRegion(registry) : null;
    if (ecr != null) {
      account = ecr[0];
      region = ecr[1];
    }
    return Optional.of(new ImageReference(registry, rest, tag, digest, account, region));
  }

  /** {@link #DIGEST}: {@code algorithm:encoded}, the algorithm's lower-case words joined by one of {@code +._-}. */
  static boolean isDigest(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || text.length() - colon - 1 < 32) {
      return false;
    }
    boolean afterSeparator = true;
    for (int i = 0; i < colon; i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        afterSeparator = false;
      } else if ("+._-".indexOf(c) >= 0 && !afterSeparator) {
        afterSeparator = true;
      } else {
        return false;
      }
    }
    if (afterSeparator) {
      return false;
    }
    for (int i = colon + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isWordChar(c) && c != '=' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** {@link #ECR}'s account and region groups, or null when the host does not match it. */
  static String[] ecrAccountAndRegion(String host) {
    if (host.length() < 12) {
      return null;
    }
    for (int i = 0; i < 12; i++) {
      if (host.charAt(i) < '0' || host.charAt(i) > '9') {
        return null;
      }
    }
    String[] prefixes = {".dkr.ecr.", ".dkr.ecr-fips.", ".dkr-ecr."};
    for (String prefix : prefixes) {
      if (!host.startsWith(prefix, 12)) {
        continue;
      }
      int regionStart = 12 + prefix.length();
      int regionEnd = host.indexOf('.', regionStart);
      if (regionEnd <= regionStart) {
        return null;
      }
      for (int i = regionStart; i < regionEnd; i++) {
        char c = host.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
          return null;
        }
      }
      String suffix = host.substring(regionEnd);
      boolean dualStack = prefix.equals(".dkr-ecr.");
      boolean matches = dualStack ? suffix.equals(".on.aws")
          : suffix.equals(".amazonaws.com") || suffix.equals(".amazonaws.com.cn");
      return matches ? new String[] {host.substring(0, 12), host.substring(regionStart, regionEnd)} : null;
    }
    return null;
  }

  /** What {@link #ECR} needs in a host, looked for before running it. */
  private static boolean looksLikeEcr(String host) {
    return host.contains(".dkr.ecr") || host.contains(".dkr-ecr.");
  }

  private static boolean containsWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Docker's tag grammar, {@code [\\w][\\w.-]{0,127}}: a word character, then up to 127 of them, dots or dashes. */
  private static boolean isTag(String tag) {
    if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH || !isWordChar(tag.charAt(0))) {
      return false;
    }
    for (int i = 1; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (!isWordChar(c) && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** {@code \\w} of {@link Pattern}: ASCII letters, digits and the underscore. */
  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
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
