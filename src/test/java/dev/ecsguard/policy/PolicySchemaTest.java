package dev.ecsguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import dev.ecsguard.docs.DocBlocks;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/policy.schema.json, the JSON Schema editors check policy files with, says what PolicyDocument accepts: the
 * same keys, rule ids, parameters and words, every sample policy in the repository and the docs passes both, and
 * what the parser refuses the schema refuses too.
 */
class PolicySchemaTest {

  private static final Path SCHEMA = Path.of("docs/policy.schema.json");
  private static final Catalog CATALOG = Catalog.standard();

  private static JsonNode schemaTree() throws IOException {
    return PolicyLoader.YAML.readTree(Files.readString(SCHEMA));
  }

  private static Schema schema() throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaTree());
  }

  /** Errors of a document against the schema, with format assertions on (the exemption's date). */
  private static List<Error> errors(Schema schema, JsonNode document) {
    return schema.validate(document, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
  }

  /** What ecs-guard does with the document: merged onto the defaults, parsed, and applied to the catalog. */
  private static void load(JsonNode document) {
    PolicyDocument.parse(PolicyLoader.merge(PolicyLoader.defaults(), document), CATALOG).apply(CATALOG);
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new TreeSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static Set<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theSchemaIsAValidDraft202012Schema() throws IOException {
    Schema metaSchema = SchemaRegistry.withDialect(Dialects.getDraft202012())
        .getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));
    assertEquals(List.of(), metaSchema.validate(schemaTree()));
    assertEquals("https://json-schema.org/draft/2020-12/schema", schemaTree().path("$schema").asText());
  }

  @Test
  void theSchemaHasTheKeysThePolicyParserAccepts() throws IOException {
    JsonNode schema = schemaTree();
    JsonNode defs = schema.path("$defs");
    assertEquals(new TreeSet<>(PolicyDocument.TOP_LEVEL), keys(schema.path("properties")), "top-level keys");
    assertEquals(new TreeSet<>(PolicyDocument.RULE_KEYS), keys(defs.path("rule").path("properties")), "rules.<id>");
    assertEquals(new TreeSet<>(PolicyDocument.EXEMPTION_KEYS), keys(defs.path("exemption").path("properties")),
        "exemptions[]");
    assertEquals(Set.of("expires", "families", "reason", "rules"), texts(defs.path("exemption").path("required")),
        "an exemption's required keys");
    assertEquals(new TreeSet<>(TagExemptions.KEYS), keys(schema.path("properties").path("tagExemptions")
        .path("properties")), "tagExemptions");
    for (String threshold : List.of("notify", "enforce")) {
      assertEquals(Set.of("minimumSeverity"), keys(schema.path("properties").path(threshold).path("properties")),
          threshold);
    }
    for (JsonNode object : List.of(schema, defs.path("rule"), defs.path("exemption"),
        schema.path("properties").path("rules"), schema.path("properties").path("tagExemptions"))) {
      assertFalse(object.path("additionalProperties").asBoolean(true), "unknown keys are refused, as the parser does");
    }
  }

  @Test
  void theSchemaNamesTheWordsThePolicyParserAccepts() throws IOException {
    JsonNode schema = schemaTree();
    assertEquals(Arrays.stream(Mode.values()).map(Mode::toString).collect(Collectors.toCollection(TreeSet::new)),
        texts(schema.path("properties").path("mode").path("enum")), "modes");
    assertEquals(Arrays.stream(Profile.values()).map(Profile::toString).collect(Collectors.toCollection(TreeSet::new)),
        texts(schema.path("properties").path("profile").path("enum")), "profiles");
    assertEquals(Arrays.stream(Severity.values()).map(Severity::name).collect(Collectors.toCollection(TreeSet::new)),
        texts(schema.path("$defs").path("severity").path("enum")), "severities");
    assertEquals(1, schema.path("properties").path("version").path("const").asInt(), "version");
    assertEquals(TagExemptions.LONGEST_MAX_LIFETIME_DAYS,
        schema.path("properties").path("tagExemptions").path("properties").path("maxLifetimeDays").path("maximum")
            .asInt());
  }

  @Test
  void theSchemaNamesEveryRuleAndItsParameters() throws IOException {
    JsonNode schema = schemaTree();
    JsonNode rules = schema.path("properties").path("rules").path("properties");
    Set<String> ids = CATALOG.entries().stream().map(e -> e.description().id())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(ids, keys(rules), "rules: add or remove the rule in docs/policy.schema.json");
    assertEquals(ids, texts(schema.path("$defs").path("ruleId").path("enum")), "$defs.ruleId, for exemptions");
    for (Catalog.Entry entry : CATALOG.entries()) {
      String id = entry.description().id();
      JsonNode parameters = rules.path(id).path("properties").path("parameters");
      if (entry.rule() instanceof Configurable configurable) {
        assertEquals(keys(configurable.parameters()), keys(parameters.path("properties")), id + " parameters");
        assertFalse(parameters.path("additionalProperties").asBoolean(true), id + ": unknown parameters refused");
      } else {
        assertTrue(parameters.isBoolean() && !parameters.booleanValue(), id + " takes no parameters: false");
      }
    }
  }

  /** The defaults inside the jar, the examples, the rule cases' policies, and every policy block in the docs. */
  private static Map<String, JsonNode> samplePolicies() throws IOException {
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    samples.put("default-policy.yaml", PolicyLoader.defaults());
    try (Stream<Path> examples = Files.list(Path.of("examples"))) {
      for (Path file : examples.filter(p -> p.toString().matches(".*polic.*\\.(ya?ml|json)")).sorted().toList()) {
        samples.put(file.toString(), PolicyLoader.file(file));
      }
    }
    try (Stream<Path> contexts = Files.walk(Path.of("test/rules"))) {
      for (Path file : contexts.filter(p -> p.toString().endsWith(".context.json")).sorted().toList()) {
        JsonNode policy = PolicyLoader.file(file).path("policy");
        if (!policy.isMissingNode()) {
          samples.put(file + " (policy)", policy);
        }
      }
    }
    for (DocBlocks.Block block : DocBlocks.all()) {
      if (block.marker().equals("policy")) {
        samples.put(block.where(), PolicyLoader.parse(block.body(), block.where()));
      }
    }
    return samples;
  }

  @Test
  void everySamplePolicyPassesTheSchemaAndTheParser() throws IOException {
    Schema schema = schema();
    Map<String, JsonNode> samples = samplePolicies();
    assertTrue(samples.keySet().stream().filter(name -> name.startsWith("README.md")).count() >= 1, "the README's");
    assertTrue(samples.keySet().stream().filter(name -> name.startsWith("docs/")).count() >= 1, "the docs'");
    assertTrue(samples.containsKey("examples/policy.yaml"), samples.keySet().toString());
    List<String> failures = new ArrayList<>();
    samples.forEach((name, document) -> {
      errors(schema, document).forEach(error -> failures.add(name + ": " + error));
      try {
        load(document);
      } catch (InvalidPolicyException e) {
        failures.add(name + ": ecs-guard refuses it: " + e.getMessage());
      }
    });
    assertEquals(List.of(), failures);
  }

  /** The README's sample must not silently switch a stack deployed in audit mode to enforce. */
  @Test
  void theReadmesSamplePolicyLeavesTheModeToTheStack() throws IOException {
    for (Map.Entry<String, JsonNode> sample : samplePolicies().entrySet()) {
      if (sample.getKey().startsWith("README.md") || sample.getKey().startsWith("examples/")) {
        assertFalse(sample.getValue().has("mode"), sample.getKey());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "colour: blue",
      "version: 2",
      "mode: sometimes",
      "profile: strict",
      "notify: {minimumSeverity: SEVERE}",
      "enforce: {minimum: HIGH}",
      "rules: {no-such-rule: {enabled: false}}",
      "rules: {run-as-non-root: {enabled: maybe}}",
      "rules: {run-as-non-root: {severity: URGENT}}",
      "rules: {run-as-non-root: {mute: true}}",
      "rules: {run-as-non-root: {parameters: {x: 1}}}",
      "rules: {required-tags: {parameters: {labels: [team]}}}",
      "rules: {minimum-resources: {parameters: {runtimeFloorMiB: -1}}}",
      "exemptions: {families: [a]}",
      "exemptions: [{families: [a], rules: [run-as-non-root], expires: 2027-01-01}]",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: r, expires: someday}]",
      "exemptions: [{families: [a], rules: [no-such-rule], reason: r, expires: 2027-01-01}]",
      "exemptions: [{families: [], rules: [run-as-non-root], reason: r, expires: 2027-01-01}]",
      "exemptions: [{families: [a], rules: [run-as-non-root], reason: r, expires: 2027-01-01, owner: me}]",
      "tagExemptions: {enabled: true}",
      "tagExemptions: {enabled: true, allowedPrincipals: [admin], maxLifetimeDays: 30}",
      "tagExemptions: {enabled: false, maxLifetimeDays: 400}",
      "tagExemptions: {allowList: []}",
  })
  void whatTheParserRefusesTheSchemaRefuses(String yaml) throws IOException {
    JsonNode document = PolicyLoader.parse(yaml, "test");
    assertThrows(InvalidPolicyException.class, () -> load(document), "ecs-guard refuses " + yaml);
    assertFalse(errors(schema(), document).isEmpty(), "the schema refuses " + yaml);
  }
}
