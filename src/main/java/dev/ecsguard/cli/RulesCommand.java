package dev.ecsguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleDescription;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Lists the rules: id, profile, severity, title (text), the docs/rules.md table (markdown) or "
        + "everything (json).")
public final class RulesCommand implements Callable<Integer> {

  @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Only the rules this profile enforces: baseline, "
      + "or restricted (which includes baseline).")
  String profile;

  @Override
  public Integer call() {
    Catalog catalog = Catalog.standard();
    if (profile != null) {
      Profile enforced;
      try {
        enforced = Profile.parse(profile);
      } catch (IllegalArgumentException e) {
        System.err.println("ecs-guard: " + e.getMessage());
        return EcsGuardCli.UNUSABLE;
      }
      catalog = catalog.withEntries(catalog.entries().stream()
          .filter(e -> enforced.includes(e.description().profile())).toList());
    }
    switch (format) {
      case "markdown" -> System.out.print(markdown(catalog));
      case "json" -> System.out.println(json(catalog));
      case "text" -> catalog.entries().forEach(e -> System.out.printf("%-38s %-10s %-8s %s%n",
          e.description().id(), e.description().profile(), e.description().severity(), e.description().title()));
      default -> {
        System.err.println("ecs-guard: unknown format '" + format + "': expected text, markdown or json");
        return EcsGuardCli.UNUSABLE;
      }
    }
    return EcsGuardCli.OK;
  }

  /** The rules table of docs/rules.md, then what each profile means; a test keeps that copy equal to this. */
  public static String markdown(Catalog catalog) {
    StringBuilder table = new StringBuilder();
    table.append("| id | profile | severity | kind | mistake | title | equivalent controls |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    for (Catalog.Entry entry : catalog.entries()) {
      RuleDescription rule = entry.description();
      table.append("| <a id=\"").append(rule.id()).append("\"></a>[`").append(rule.id()).append("`](").append(rule.docUrl()).append(") | ")
          .append(rule.profile()).append(" | ").append(rule.severity()).append(" | ")
          .append(rule.kind().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(rule.mistake() == 0 ? "–" : String.valueOf(rule.mistake())).append(" | ")
          .append(rule.title()).append(" | ")
          .append(rule.controls().isEmpty() ? "none (gap)" : String.join(", ", rule.controls())).append(" |\n");
    }
    table.append('\n');
    for (Profile profile : Profile.values()) {
      table.append("- **").append(profile).append("**: ").append(profile.why()).append(".\n");
    }
    return table.toString();
  }

  private static String json(Catalog catalog) {
    ArrayNode rules = Json.MAPPER.createArrayNode();
    for (Catalog.Entry entry : catalog.entries()) {
      RuleDescription rule = entry.description();
      ObjectNode item = rules.addObject();
      item.put("id", rule.id());
      item.put("title", rule.title());
      item.put("severity", rule.severity().name());
      item.put("profile", rule.profile().toString());
      item.put("kind", rule.kind().name());
      item.put("mistake", rule.mistake());
      item.put("rationale", rule.rationale());
      item.put("remediation", rule.remediation());
      item.put("docUrl", rule.docUrl());
      item.set("controls", Json.MAPPER.valueToTree(rule.controls()));
      item.set("aliases", Json.MAPPER.valueToTree(rule.aliases()));
      if (entry.rule() instanceof dev.ecsguard.rule.Configurable configurable) {
        item.set("parameters", configurable.parameters());
      }
    }
    return Json.writePretty(rules);
  }
}
