package dev.ecsguard.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** templates/member.yaml, read as CloudFormation (short-form intrinsics as their long form). */
public final class MemberTemplate {

  public static final Path PATH = Path.of("templates", "member.yaml");

  private MemberTemplate() {}

  public static JsonNode read() throws IOException {
    return TemplateLintTest.readCloudFormationYaml(Files.readString(PATH));
  }

  /** The member role's inline statements. */
  public static List<JsonNode> memberRoleStatements() throws IOException {
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode policy : read().path("Resources").path("MemberRole").path("Properties").path("Policies")) {
      policy.path("PolicyDocument").path("Statement").forEach(statements::add);
    }
    return statements;
  }

  /** Every action the member role grants, sorted. */
  public static Set<String> memberRoleActions() throws IOException {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : memberRoleStatements()) {
      JsonNode action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    return actions;
  }
}
