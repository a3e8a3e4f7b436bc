package dev.ecsguard.rule.image;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.rule.ContainerRule;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A container runs a Docker official image in its full variant although the same image ships a smaller one: only
 * images with a real slim, Alpine or JRE variant are judged (python, pypy, node, ruby, perl, rust and debian have
 * {@code -slim}; golang and php have {@code -alpine}; eclipse-temurin has {@code -jre}; the deprecated openjdk image
 * is pointed at eclipse-temurin's JRE). Ubuntu and buildpack-deps have no slim variant and are not judged.
 *
 * <p>An official image is {@code library/<name>} on Docker Hub, or any repository ending in
 * {@code /library/<name>}: ECR Public's {@code docker/library/...} and ECR pull through caches of Docker Hub.
 * A tag counts as small when one of its dash-separated parts is {@code slim}, {@code jre} or starts with
 * {@code alpine} ({@code 3.12-slim-bookworm}, {@code 20-alpine3.19}, {@code 21-jre-noble}). Windows tags
 * ({@code windowsservercore}, {@code nanoserver}), Windows task definitions and images pinned by digest without a
 * tag (the variant cannot be seen) are left alone; php's Apache variant has no Alpine build and is left alone too.
 */
@RuleInfo(
    id = "prefer-slim-base-image",
    profile = Profile.RESTRICTED,
    title = "Container uses a full base image where a slim variant exists",
    severity = Severity.LOW,
    mistake = 6,
    rationale = "The full official images carry compilers, headers, package caches and documentation the running "
        + "service never uses: python:3.12 is about 1 GB against roughly 150 MB for python:3.12-slim. Every task "
        + "start pulls those bytes (on Fargate there is no image cache), so scale-out and recovery are slower, "
        + "storage and transfer cost more, and the extra packages bring extra CVEs to patch.",
    remediation = "Use the suggested variant (python:3.12-slim, node:20-slim, golang:1.22-alpine, "
        + "eclipse-temurin:21-jre), or build in a multi-stage Dockerfile and copy only the result into a slim or "
        + "distroless image; test that native dependencies still load.",
    docUrl = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/performance.html")
public final class PreferSlimBaseImage implements ContainerRule {

  /** How an image's small variant is spelled. */
  private enum Variant { SLIM, ALPINE, TEMURIN_JRE, OPENJDK_TO_TEMURIN, DEBIAN_SLIM }

  private static final Map<String, Variant> IMAGES = Map.ofEntries(
      Map.entry("python", Variant.SLIM),
      Map.entry("pypy", Variant.SLIM),
      Map.entry("node", Variant.SLIM),
      Map.entry("ruby", Variant.SLIM),
      Map.entry("perl", Variant.SLIM),
      Map.entry("rust", Variant.SLIM),
      Map.entry("golang", Variant.ALPINE),
      Map.entry("php", Variant.ALPINE),
      Map.entry("eclipse-temurin", Variant.TEMURIN_JRE),
      Map.entry("openjdk", Variant.OPENJDK_TO_TEMURIN),
      Map.entry("debian", Variant.DEBIAN_SLIM));

  /** Debian and Ubuntu release names that official images put in their tags. */
  private static final Set<String> CODENAMES = Set.of(
      "bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal");
  private static final Set<String> WINDOWS = Set.of("windowsservercore", "nanoserver", "servercore");

  @Override
  public List<Violation> check(ContainerDefinition container, EvaluationContext context) {
    if (context.taskDefinition().isWindows()) {
      return List.of();
    }
    Optional<ImageReference> parsed = ImageReference.parse(context, container.image());
    if (parsed.isEmpty()) {
      return List.of();
    }
    ImageReference image = parsed.get();
    String repository = image.repository();
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    boolean official = repository.equals("library/" + name) || repository.endsWith("/library/" + name);
    Variant variant = IMAGES.get(name);
    if (!official || variant == null || image.pinnedByDigest() && !image.hasTag()) {
      return List.of();
    }
    List<String> parts = image.hasTag()
        ? Arrays.asList(image.tag().toLowerCase(Locale.ROOT).split("-"))
        : List.of();
    if (parts.stream().anyMatch(p -> p.equals("slim") || p.equals("jre") || p.startsWith("alpine")
        || WINDOWS.contains(p))) {
      return List.of();
    }
    if (name.equals("php") && parts.contains("apache")) {
      return List.of();
    }
    String shown = container.image().trim();
    String base = shown.substring(0, shown.length() - (image.digest() == null ? 0 : image.digest().length() + 1));
    if (image.hasTag()) {
      base = base.substring(0, base.length() - image.tag().length() - 1);
    }
    String suggestion = suggest(variant, base, parts);
    return List.of(Violation.at("image", "container \"" + container.name() + "\" runs the full image \"" + shown
        + "\"; " + advice(variant, suggestion)));
  }

  private static String advice(Variant variant, String suggestion) {
    return switch (variant) {
      case SLIM, DEBIAN_SLIM -> "\"" + suggestion + "\" is the same release without compilers, headers and docs";
      case ALPINE -> "\"" + suggestion + "\" is far smaller"
          + (suggestion.contains("golang") ? ", and a multi-stage build that copies the binary into a distroless "
              + "or scratch image is smaller still" : "");
      case TEMURIN_JRE -> "a service needs the runtime, not the JDK: \"" + suggestion + "\"";
      case OPENJDK_TO_TEMURIN -> "the openjdk image is deprecated and full; use a JRE image such as \""
          + suggestion + "\"";
    };
  }

  /** The small variant's reference, keeping the registry and repository prefix the container used. */
  private static String suggest(Variant variant, String base, List<String> parts) {
    String first = parts.isEmpty() ? null : parts.get(0);
    String version = first == null || first.equals("latest") || CODENAMES.contains(first) ? null : first;
    return switch (variant) {
      case SLIM -> base + ":" + (version == null ? "slim" : version + "-slim");
      case ALPINE -> {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
          if (!part.equals("latest") && !CODENAMES.contains(part)) {
            kept.add(part);
          }
        }
        kept.add("alpine");
        yield base + ":" + String.join("-", kept);
      }
      case TEMURIN_JRE -> {
        if (version == null) {
          yield base + ":<version>-jre";
        }
        List<String> jre = new ArrayList<>(parts);
        int jdk = jre.indexOf("jdk");
        if (jdk >= 0) {
          jre.set(jdk, "jre");
        } else {
          jre.add(1, "jre");
        }
        yield base + ":" + String.join("-", jre);
      }
      case OPENJDK_TO_TEMURIN -> {
        String major = version == null ? "<version>" : version.replaceFirst("^(\\d+).*$", "$1");
        yield base.substring(0, base.length() - "openjdk".length()) + "eclipse-temurin:" + major + "-jre";
      }
      case DEBIAN_SLIM -> base + ":" + (first == null || first.equals("latest") ? "stable" : first) + "-slim";
    };
  }
}
