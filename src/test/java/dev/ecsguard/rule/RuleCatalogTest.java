package dev.ecsguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalog as a whole: metadata, cases and registry agree (aesthetics.md §9.4). */
class RuleCatalogTest {

  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Catalog catalog = Catalog.standard();

  private List<RuleDescription> descriptions() {
    return catalog.entries().stream().map(Catalog.Entry::description).toList();
  }

  /** A deploy race (the log group created just after the definition) is reported, never enforced by default. */
  @Test
  void deployRaceRulesAreReportedButNotEnforcedByDefault() throws IOException {
    List<String> racing = catalog.entries().stream().filter(e -> e.description().deployRace())
        .map(e -> e.description().id()).toList();
    assertEquals(List.of("awslogs-group-exists"), racing);
    for (Catalog.Entry entry : catalog.entries()) {
      assertEquals(!entry.description().deployRace(), entry.enforce(), entry.description().id());
    }
    Catalog severityOnly = dev.ecsguard.policy.ActivePolicy.parse(Json.MAPPER.readTree(
        "{\"rules\": {\"awslogs-group-exists\": {\"severity\": \"CRITICAL\"}}}"), catalog).catalog();
    assertFalse(severityOnly.byId("awslogs-group-exists").orElseThrow().enforce(), "a policy that does not say keeps it off");
    Catalog optedIn = dev.ecsguard.policy.ActivePolicy.parse(Json.MAPPER.readTree(
        "{\"rules\": {\"awslogs-group-exists\": {\"enforce\": true}}}"), catalog).catalog();
    assertTrue(optedIn.byId("awslogs-group-exists").orElseThrow().enforce());
  }

  @Test
  void everyRuleHasPassAndFailCases() {
    List<String> missing = new ArrayList<>();
    for (RuleDescription rule : descriptions()) {
      List<String> names = RuleCase.list(RuleCase.ROOT.resolve(rule.id())).stream()
          .map(p -> p.getFileName().toString())
          .toList();
      if (names.stream().noneMatch(n -> n.startsWith("pass-") && n.endsWith(".json"))) {
        missing.add(rule.id() + " has no pass-*.json");
      }
      if (names.stream().noneMatch(n -> n.startsWith("fail-") && n.endsWith(".expected.json"))) {
        missing.add(rule.id() + " has no fail-*.json with its .expected.json");
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyCaseFolderNamesARegisteredRule() {
    Set<String> ids = descriptions().stream().map(RuleDescription::id).collect(Collectors.toSet());
    List<String> strays = RuleCase.list(RuleCase.ROOT).stream()
        .filter(Files::isDirectory)
        .map(p -> p.getFileName().toString())
        .filter(name -> !ids.contains(name))
        .toList();
    assertEquals(List.of(), strays, "folders under test/rules that name no registered rule");
  }

  @Test
  void everyCaseFileIsACaseOrASidecar() {
    List<String> strays = new ArrayList<>();
    for (Path folder : RuleCase.list(RuleCase.ROOT)) {
      for (Path file : RuleCase.list(folder)) {
        String name = file.getFileName().toString();
        boolean known = (name.startsWith("pass-") || name.startsWith("fail-"))
            && (name.endsWith(".json") || name.endsWith(".region") || name.endsWith(".source"));
        boolean orphan = RuleCase.isSidecar(name) || name.endsWith(".region") || name.endsWith(".source");
        if (orphan) {
          String base = name.replaceFirst(
              "\\.(expected\\.json|run\\.json|parameters\\.json|facts\\.json|context\\.json|gaps\\.json|region|source)$",
              ".json");
          orphan = !Files.exists(folder.resolve(base));
        }
        if (!known || orphan) {
          strays.add(folder.getFileName() + "/" + name);
        }
      }
    }
    assertEquals(List.of(), strays, "files that are neither a case nor the sidecar of an existing case");
  }

  @Test
  void idsAreUniqueAndKebabCase() {
    Set<String> seen = new HashSet<>();
    for (RuleDescription rule : descriptions()) {
      assertTrue(KEBAB.matcher(rule.id()).matches(), rule.id());
      assertTrue(seen.add(rule.id()), "duplicate id " + rule.id());
      for (String alias : rule.aliases()) {
        assertTrue(seen.add(alias), "alias collides: " + alias);
      }
    }
  }

  @Test
  void metadataIsComplete() {
    for (RuleDescription rule : descriptions()) {
      String id = rule.id();
      assertFalse(rule.title().isBlank(), id);
      assertFalse(rule.title().endsWith("."), id + ": title ends with a period");
      assertFalse(rule.rationale().isBlank(), id + ": rationale");
      assertFalse(rule.remediation().isBlank(), id + ": remediation");
      assertTrue(rule.docUrl().startsWith("https://") && rule.docUrl().length() > "https://".length(), id + ": docUrl");
      assertTrue(rule.mistake() >= 0 && rule.mistake() <= 8, id + ": mistake");
      assertTrue(rule.controls().stream().noneMatch(String::isBlank), id + ": blank control");
    }
  }

  /** Every rule says which profile it belongs to, and each profile has rules (an empty one would enforce nothing). */
  @Test
  void everyRuleHasAProfileAndBothProfilesHaveRules() {
    Map<Profile, List<String>> byProfile = new java.util.EnumMap<>(Profile.class);
    for (RuleDescription rule : descriptions()) {
      assertTrue(rule.profile() != null, rule.id() + ": profile");
      byProfile.computeIfAbsent(rule.profile(), p -> new ArrayList<>()).add(rule.id());
    }
    for (Profile profile : Profile.values()) {
      assertFalse(byProfile.getOrDefault(profile, List.of()).isEmpty(), "no rule in the " + profile + " profile");
      assertFalse(profile.why().isBlank(), profile + ": why");
    }
  }

  /**
   * The split the profiles exist for (docs/profiles.md): what Pod Security Standards baseline forbids, credentials,
   * an administrator role and a definition that cannot start are baseline; hardening is restricted.
   */
  @Test
  void theProfilesSplitDangerFromHardening() {
    List<String> baseline = List.of("disallow-privileged", "disallow-host-network", "disallow-host-pid",
        "disallow-host-ipc", "disallow-sensitive-host-mounts", "restrict-capabilities",
        "disallow-unconfined-security-options", "no-secret-env-names", "no-secret-env-values", "no-secrets-in-command",
        "log-options-no-secrets", "no-secrets-in-run-overrides", "task-role-not-admin", "require-log-configuration",
        "fargate-cpu-memory-valid", "secrets-readable-by-execution-role", "awslogs-group-exists");
    List<String> restricted = List.of("run-as-non-root", "windows-non-admin-user", "require-read-only-root-filesystem",
        "disallow-latest-tag", "require-health-check", "awslogs-non-blocking", "require-memory-limit",
        "exemption-valid");
    List<String> wrong = new ArrayList<>();
    baseline.stream().filter(id -> catalog.byId(id).orElseThrow().description().profile() != Profile.BASELINE)
        .forEach(id -> wrong.add(id + " should be baseline"));
    restricted.stream().filter(id -> catalog.byId(id).orElseThrow().description().profile() != Profile.RESTRICTED)
        .forEach(id -> wrong.add(id + " should be restricted"));
    assertEquals(List.of(), wrong);
  }

  @Test
  void restrictedIncludesBaselineAndProfilesParseInAnyCase() {
    assertTrue(Profile.RESTRICTED.includes(Profile.BASELINE));
    assertTrue(Profile.BASELINE.includes(Profile.BASELINE));
    assertFalse(Profile.BASELINE.includes(Profile.RESTRICTED));
    assertEquals(Profile.RESTRICTED, Profile.parse(" Restricted "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.parse("privileged"));
    assertEquals("unknown profile 'privileged': expected baseline or restricted", e.getMessage());
  }

  /** The catalog starts from the eight mistakes of MISSION.md: each one has rules. */
  @Test
  void everySeedMistakeHasRules() {
    Set<Integer> covered = new TreeSet<>();
    for (RuleDescription rule : descriptions()) {
      covered.add(rule.mistake());
    }
    for (int mistake = 1; mistake <= 8; mistake++) {
      assertTrue(covered.contains(mistake), "no rule for seed mistake " + mistake);
    }
  }

  /** Every id RULES.md lists is registered. */
  @Test
  void everyRuleOfTheCatalogIsRegistered() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("test", "catalog", "rule-ids.tsv"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] columns = line.split("\\t");
        if (catalog.byId(columns[0]).isEmpty()) {
          missing.add(columns[0]);
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  /**
   * The ids in RULES.md are user-facing: a registered rule listed there must carry its kind and its section's
   * seed. The table is kept as test data (test/catalog/rule-ids.tsv) so the check runs on every clone.
   */
  @Test
  void registeredRulesMatchTheCatalogIds() throws IOException {
    Map<String, String[]> listed = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("test", "catalog", "rule-ids.tsv"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] columns = line.split("\t");
        listed.put(columns[0], new String[] {columns[1], columns[2]});
      }
    }
    assertTrue(listed.size() >= 40, "the catalog lists every rule id");
    List<String> mismatches = new ArrayList<>();
    for (RuleDescription rule : descriptions()) {
      String[] row = listed.get(rule.id());
      if (row == null) {
        continue;
      }
      String kind = row[0];
      boolean kindOk = switch (rule.kind()) {
        case STATIC -> kind.equals("static");
        case LIVE -> kind.contains("live");
        case RUN -> kind.contains("run");
      };
      if (!kindOk) {
        mismatches.add(rule.id() + ": kind " + rule.kind() + " but the catalog says " + kind);
      }
      Set<Integer> seeds = new TreeSet<>();
      Matcher digits = Pattern.compile("\\d").matcher(row[1]);
      while (digits.find()) {
        seeds.add(Integer.parseInt(digits.group()));
      }
      if (seeds.isEmpty() ? rule.mistake() != 0 : !seeds.contains(rule.mistake())) {
        mismatches.add(rule.id() + ": mistake " + rule.mistake() + " but its catalog section is seed " + seeds);
      }
    }
    assertEquals(List.of(), mismatches);
  }

  /** Every compiled class under dev.ecsguard.rule with @RuleInfo is registered (no classpath scanning in main). */
  @Test
  void everyAnnotatedRuleIsRegistered() throws IOException, ClassNotFoundException {
    Path classes = Path.of("target", "classes");
    Path root = classes.resolve(Path.of("dev", "ecsguard", "rule"));
    assertTrue(Files.isDirectory(root), "compiled classes not found at " + root.toAbsolutePath());
    Set<Class<?>> registered = catalog.entries().stream()
        .map(e -> e.rule().getClass())
        .collect(Collectors.toSet());
    List<String> unregistered = new ArrayList<>();
    int annotated = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String relative = classes.relativize(file).toString();
        String name = relative.substring(0, relative.length() - ".class".length())
            .replace(file.getFileSystem().getSeparator(), ".");
        Class<?> type = Class.forName(name, false, getClass().getClassLoader());
        if (type.isAnnotationPresent(RuleInfo.class)) {
          annotated++;
          if (!registered.contains(type)) {
            unregistered.add(name);
          }
        }
      }
    }
    assertEquals(List.of(), unregistered, "@RuleInfo classes missing from Rules.builtIn()");
    assertEquals(registered.size(), annotated, "registered rules without a compiled @RuleInfo class");
  }

  /**
   * A configurable rule documents the parameters in force, takes them back unchanged, and rejects a key it does not
   * know (a misspelled parameter must fail when the policy loads, not silently keep the default). A case's
   * {@code .parameters.json} only makes sense for such a rule.
   */
  @Test
  void configurableRulesRoundTripTheirParameters() {
    for (Catalog.Entry entry : catalog.entries()) {
      String id = entry.description().id();
      if (!(entry.rule() instanceof Configurable configurable)) {
        boolean hasParameters = RuleCase.list(RuleCase.ROOT.resolve(id)).stream()
            .anyMatch(p -> p.getFileName().toString().endsWith(".parameters.json"));
        assertFalse(hasParameters, id + " takes no parameters but a case gives some");
        continue;
      }
      assertTrue(configurable.parameters().isObject(), id + ": parameters() is an object");
      Rule reconfigured = configurable.configure(configurable.parameters());
      assertEquals(configurable.parameters(), ((Configurable) reconfigured).parameters(), id + ": round trip");
      assertEquals(entry.rule().getClass(), reconfigured.getClass(), id + ": configure returns the same rule");
      ObjectNode misspelled = configurable.parameters().deepCopy();
      misspelled.put("no-such-parameter", true);
      assertThrows(Configurable.InvalidParameterException.class, () -> configurable.configure(misspelled), id);
      assertThrows(Configurable.InvalidParameterException.class,
          () -> configurable.configure(Json.MAPPER.createArrayNode()), id + ": parameters must be an object");
    }
  }
}
