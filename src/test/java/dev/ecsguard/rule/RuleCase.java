package dev.ecsguard.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.json.Json;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One rule case under {@code test/rules/<rule-id>/}: a task definition ({@code pass-*.json}, {@code fail-*.json})
 * with optional sidecars.
 *
 * <ul>
 *   <li>{@code <case>.expected.json}: the exact findings of the rule (fail cases only), see {@link Expected};
 *   <li>{@code <case>.run.json}: the {@code requestParameters} of a RunTask CloudTrail record, for RUN rules;
 *   <li>{@code <case>.region}: the subject's region as text, {@code none} for unknown (default {@value #REGION});
 *       a definition with a {@code taskDefinitionArn} lives in its ARN's region, as a linted file does;
 *   <li>{@code <case>.source}: {@code registered} for a revision ECS registered (the Lambda's view: an event or the
 *       ECS API), or {@code file} (the default) for a file being linted, which may hold template placeholders;
 *   <li>{@code <case>.gaps.json}: text the evaluation's gaps must contain, one string per gap (what the rule
 *       reports it could not check); by default the case has no gap;
 *   <li>{@code <case>.parameters.json}: the policy parameters of a {@link Configurable} rule, as the policy would
 *       write them; the case runs the rule configured with them instead of its defaults;
 *   <li>{@code <case>.facts.json}: canned answers about the account for live rules, see
 *       {@link dev.ecsguard.testing.CannedFacts};
 *   <li>{@code <case>.context.json}: what the evaluation knows besides the definition, for findings that depend on
 *       the policy or the caller (refused tag exemptions): {@code {"policy": {...}, "principal": "arn:..."}}, both
 *       optional; the policy is a layer on top of the built-in one, the principal the caller's ARN (none when
 *       absent). The case then runs through the whole policy ({@link dev.ecsguard.policy.ActivePolicy}), dated today.
 * </ul>
 */
record RuleCase(String ruleId, String name, Path file) {

  static final Path ROOT = Path.of("test", "rules");
  static final String REGION = "us-east-1";

  /** One expected finding; severity, detector and messageContains are compared only when given. */
  record Expected(String rule, String container, String field, String severity, String detector,
      String messageContains) {

    Key key() {
      return new Key(rule, container, field);
    }
  }

  /** What findings are compared on, as a set. */
  record Key(String rule, String container, String field) {
    static Key of(Finding finding) {
      return new Key(finding.ruleId(), finding.container(), finding.field());
    }
  }

  static List<RuleCase> discover() {
    List<RuleCase> cases = new ArrayList<>();
    for (Path folder : list(ROOT)) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      for (Path file : list(folder)) {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".json") && !isSidecar(fileName)) {
          cases.add(new RuleCase(folder.getFileName().toString(), fileName.substring(0, fileName.length() - 5), file));
        }
      }
    }
    return cases;
  }

  /** Files that belong to a case rather than being one. */
  static boolean isSidecar(String fileName) {
    return fileName.endsWith(".expected.json") || fileName.endsWith(".run.json")
        || fileName.endsWith(".parameters.json") || fileName.endsWith(".facts.json")
        || fileName.endsWith(".context.json") || fileName.endsWith(".gaps.json");
  }

  static List<Path> list(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean passes() {
    return name.startsWith("pass-");
  }

  boolean fails() {
    return name.startsWith("fail-");
  }

  Path sidecar(String suffix) {
    return file.resolveSibling(name + suffix);
  }

  JsonNode json() {
    return read(file);
  }

  JsonNode runJson() {
    Path run = sidecar(".run.json");
    return Files.exists(run) ? read(run) : null;
  }

  /** The rule parameters for this case, or null to run the rule with its defaults. */
  JsonNode parametersJson() {
    Path parameters = sidecar(".parameters.json");
    return Files.exists(parameters) ? read(parameters) : null;
  }

  /** The evaluation context for this case, or null when the rule runs alone. */
  JsonNode contextJson() {
    Path context = sidecar(".context.json");
    return Files.exists(context) ? read(context) : null;
  }

  Subject subject() {
    String region = REGION;
    Path regionFile = sidecar(".region");
    if (Files.exists(regionFile)) {
      try {
        String text = Files.readString(regionFile).trim();
        region = text.equals("none") ? null : text;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Subject subject = Subject.of(TaskDefinitions.fromJson(json()), region).withSource(source());
    JsonNode run = runJson();
    subject = run == null ? subject : subject.withRun(CloudTrailEvents.runRequest(run, null));
    JsonNode context = contextJson();
    return context == null ? subject : subject.withPrincipal(Json.text(context, "principal"));
  }

  /** The case's canned facts, from the {@code .facts.json} sidecar (offline when there is none). */
  Facts facts() {
    Path facts = sidecar(".facts.json");
    return Files.exists(facts) ? new dev.ecsguard.testing.CannedFacts(read(facts)) : Facts.offline();
  }

  /** The subject with the case's facts, for one evaluation. */
  EvaluationContext evaluationContext() {
    return new EvaluationContext(subject(), facts());
  }

  /** What the evaluation's gaps must say, from the {@code .gaps.json} sidecar (none when there is none). */
  List<String> expectedGaps() {
    Path path = sidecar(".gaps.json");
    if (!Files.exists(path)) {
      return List.of();
    }
    List<String> gaps = new ArrayList<>();
    read(path).forEach(gap -> gaps.add(gap.asText()));
    return gaps;
  }

  /** The subject's source, from the {@code .source} sidecar ({@code file} when there is none). */
  Subject.Source source() {
    Path sourceFile = sidecar(".source");
    if (!Files.exists(sourceFile)) {
      return Subject.Source.FILE;
    }
    try {
      return Subject.Source.valueOf(Files.readString(sourceFile).trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Expected> expected() {
    Path path = sidecar(".expected.json");
    if (!Files.exists(path)) {
      return List.of();
    }
    List<Expected> expected = new ArrayList<>();
    for (JsonNode entry : read(path)) {
      expected.add(new Expected(
          Json.text(entry, "rule"), Json.text(entry, "container"), Json.text(entry, "field"),
          Json.text(entry, "severity"), Json.text(entry, "detector"), Json.text(entry, "messageContains")));
    }
    return expected;
  }

  static JsonNode read(Path path) {
    try {
      return Json.MAPPER.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public String toString() {
    return ruleId + "/" + name;
  }
}
