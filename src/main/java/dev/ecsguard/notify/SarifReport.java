package dev.ecsguard.notify;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.LogicalLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecsguard.build.BuildInfo;
import dev.ecsguard.build.ProjectLinks;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Finding;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code lint --format sarif}: SARIF 2.1.0 as GitHub code scanning reads it. One run; the tool lists every rule of
 * the catalog with its help and {@code security-severity}; one result per finding, located in its file (relative to
 * the working directory, which in CI is the repository) and line where the input tells it, and named by its
 * resource. Exempted findings are results with an external suppression, so code scanning shows them as dismissed.
 *
 * <p>Findings hold names and JSON pointers only, never a value from the definition: nothing here can carry a secret.
 * The fingerprint that keeps an alert the same alert across runs is a hash of where the finding is, not of what it
 * says.
 */
public final class SarifReport {

  static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
  /** The key of ecs-guard's own fingerprint; its version changes only if what it hashes does. */
  static final String FINGERPRINT = "ecsGuardFinding/v1";

  private static final ObjectWriter WRITER = mapper().writer().with(new JsonReport.InvisibleEscapes());

  private final Catalog catalog;
  private final Path workingDirectory;

  /**
   * @param catalog the rules to describe (the policy's: its severity overrides are the rules' levels)
   * @param workingDirectory what file names are made relative to (the repository's root in CI)
   */
  public SarifReport(Catalog catalog, Path workingDirectory) {
    this.catalog = catalog;
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
  }

  /**
   * The object model leaves out every value equal to the schema's default; a level is written all the same, since
   * not every reader of SARIF knows that a missing level means warning. Invisible characters of a name from the
   * definition (bidi overrides, controls) are written as escapes, as in the JSON report.
   */
  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JsonInclude.Value always = JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
    mapper.configOverride(Result.Level.class).setInclude(always);
    mapper.configOverride(ReportingConfiguration.Level.class).setInclude(always);
    return mapper;
  }

  /** The whole log as pretty-printed JSON. */
  public String render(List<LintedDefinition> definitions) {
    try {
      return WRITER.writeValueAsString(log(definitions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the SARIF object model could not be written", e);
    }
  }

  SarifSchema210 log(List<LintedDefinition> definitions) {
    List<ReportingDescriptor> rules = SarifRules.of(catalog);
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      ruleIndex.put(rules.get(i).getId(), i);
    }
    ToolComponent driver = new ToolComponent()
        .withName("ecs-guard")
        .withVersion(BuildInfo.CURRENT.version())
        .withInformationUri(URI.create(ProjectLinks.REPOSITORY))
        .withRules(new LinkedHashSet<>(rules));
    List<Result> results = new ArrayList<>();
    List<Notification> gaps = new ArrayList<>();
    for (LintedDefinition definition : definitions) {
      for (Finding finding : definition.report().evaluation().findings()) {
        results.add(result(definition, finding, ruleIndex));
      }
      for (String gap : definition.report().evaluation().gaps()) {
        gaps.add(new Notification().withLevel(Notification.Level.WARNING)
            .withMessage(new Message().withText(name(definition) + ": incomplete: " + gap)));
      }
    }
    Run run = new Run()
        .withTool(new Tool().withDriver(driver))
        .withInvocations(List.of(new Invocation().withExecutionSuccessful(true)
            .withToolExecutionNotifications(gaps.isEmpty() ? null : gaps)))
        .withResults(results);
    return new SarifSchema210()
        .with$schema(URI.create(SCHEMA_URI))
        .withVersion(SarifSchema210.Version._2_1_0)
        .withRuns(List.of(run));
  }

  private Result result(LintedDefinition definition, Finding finding, Map<String, Integer> ruleIndex) {
    Result result = new Result()
        .withRuleId(finding.ruleId())
        .withLevel(SarifRules.level(finding.severity()))
        .withMessage(new Message().withText(message(definition, finding)))
        .withLocations(List.of(location(definition, finding)))
        .withPartialFingerprints(fingerprints(definition, finding))
        .withProperties(properties(definition, finding));
    Integer index = ruleIndex.get(finding.ruleId());
    result.setRuleIndex(index); // null (absent) for a rule the catalog does not list
    if (finding.exempted()) {
      result.setSuppressions(Set.of(new Suppression().withKind(Suppression.Kind.EXTERNAL)
          .withStatus(Suppression.Status.ACCEPTED).withJustification(finding.exemption())));
    }
    return result;
  }

  private static String message(LintedDefinition definition, Finding finding) {
    StringBuilder text = new StringBuilder(finding.message());
    if (finding.field() != null) {
      text.append(" (at ").append(finding.field()).append(')');
    }
    return text.append(" in ").append(name(definition)).toString();
  }

  /** The resource, or for a file that is one definition, its family (with revision when it has one). */
  private static String name(LintedDefinition definition) {
    return definition.resource() != null ? definition.resource()
        : definition.report().subject().taskDefinition().displayName();
  }

  private Location location(LintedDefinition definition, Finding finding) {
    Location location = new Location().withLogicalLocations(Set.of(new LogicalLocation()
        .withName(name(definition))
        .withFullyQualifiedName(name(definition) + (finding.container() == null ? "" : "/" + finding.container()))
        .withKind("resource")));
    uri(definition.file()).ifPresent(uri -> {
      PhysicalLocation physical = new PhysicalLocation().withArtifactLocation(new ArtifactLocation().withUri(uri));
      OptionalInt line = definition.line(finding);
      if (line.isPresent()) {
        physical.setRegion(new Region().withStartLine(line.getAsInt()));
      }
      location.setPhysicalLocation(physical);
    });
    return location;
  }

  /**
   * The file as a URI reference relative to the working directory (forward slashes, percent-encoded), or an
   * absolute file URI for a file outside it; none for standard input, which has no file to point to.
   */
  Optional<String> uri(String file) {
    if (file.equals("-")) {
      return Optional.empty();
    }
    if (file.startsWith("arn:")) {
      return Optional.of(file); // a revision `scan` found: its ARN is already a URI (scheme arn)
    }
    Path path = workingDirectory.resolve(file).normalize();
    if (!path.startsWith(workingDirectory)) {
      return Optional.of(path.toUri().toASCIIString());
    }
    String relative = workingDirectory.relativize(path).toString().replace('\\', '/');
    try {
      return Optional.of(new URI(null, null, relative, null).toASCIIString());
    } catch (URISyntaxException e) {
      return Optional.of(path.toUri().toASCIIString());
    }
  }

  /** Where the finding is, hashed: the same finding in the same place keeps its alert across runs and edits. */
  private PartialFingerprints fingerprints(LintedDefinition definition, Finding finding) {
    String identity = String.join("\u0000", definition.file(), String.valueOf(definition.resource()),
        finding.ruleId(), String.valueOf(finding.container()), String.valueOf(finding.field()),
        String.valueOf(finding.detector()));
    PartialFingerprints fingerprints = new PartialFingerprints();
    fingerprints.setAdditionalProperty(FINGERPRINT, sha256(identity).substring(0, 32));
    return fingerprints;
  }

  private static PropertyBag properties(LintedDefinition definition, Finding finding) {
    PropertyBag properties = new PropertyBag();
    properties.setAdditionalProperty("severity", finding.severity().name());
    properties.setAdditionalProperty("profile", finding.profile().name().toLowerCase(Locale.ROOT));
    if (definition.report().outsideProfile(finding)) {
      properties.setAdditionalProperty("outsideProfile", true); // reported, not counted toward --fail-on
    }
    if (finding.container() != null) {
      properties.setAdditionalProperty("container", finding.container());
    }
    if (finding.detector() != null) {
      properties.setAdditionalProperty("detector", finding.detector());
    }
    return properties;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
