package dev.ecsguard.build;

/**
 * Where ecs-guard lives on the web, for the reports that link back to it (SARIF's tool and rule help). One place to
 * change when the repository moves.
 */
public final class ProjectLinks {

  /** The repository's home page. */
  public static final String REPOSITORY = "https://github.com/ecs-guard/ecs-guard";

  private ProjectLinks() {}

  /** A page of the repository's docs, on the default branch: {@code docs/rules.md#disallow-privileged}. */
  public static String docs(String pathAndAnchor) {
    return REPOSITORY + "/blob/main/docs/" + pathAndAnchor;
  }

  /** The documentation of one rule: its section in docs/rules.md, anchored by the rule's id. */
  public static String rule(String ruleId) {
    return docs("rules.md#" + ruleId);
  }
}
