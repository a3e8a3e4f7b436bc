package dev.ecsguard.rule;

import java.util.List;

/**
 * The registry of built-in rules: one explicit list, no classpath scanning (cold start, grep-ability).
 * A meta-test checks that every {@code @RuleInfo} class is listed here.
 */
public final class Rules {

  private Rules() {}

  public static List<Rule> builtIn() {
    return List.of(
        // keep-sorted start
        // keep-sorted end
        );
  }
}
