package dev.ecsguard.rule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules with their validated metadata, built once per process. */
public final class Catalog {

  /**
   * A rule, what it says about itself, and what the policy made of it.
   *
   * @param severityOverride the policy's severity for every finding of this rule, or null for the rule's own
   * @param enforce whether findings of this rule may trigger enforcement (the policy's per-rule switch); by
   *     default on, except for the rules whose findings may be a deploy race ({@link RuleDescription#deployRace})
   */
  public record Entry(Rule rule, RuleDescription description, Severity severityOverride, boolean enforce) {

    Entry(Rule rule) {
      this(rule, RuleDescription.of(rule.getClass()));
    }

    private Entry(Rule rule, RuleDescription description) {
      this(rule, description, null, !description.deployRace());
    }
  }

  private final List<Entry> entries;
  private final Map<String, Entry> byId;

  public Catalog(Collection<? extends Rule> rules) {
    this(rules.stream().map(Entry::new).toList());
  }

  private Catalog(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    this.byId = index(entries);
  }

  private static Map<String, Entry> index(List<Entry> entries) {
    Map<String, Entry> index = new HashMap<>();
    for (Entry entry : entries) {
      for (String key : keys(entry.description())) {
        if (index.putIfAbsent(key, entry) != null) {
          throw new IllegalStateException("two rules answer to the id '" + key + "'");
        }
      }
    }
    return Map.copyOf(index);
  }

  /** The same catalog with some entries changed or left out (the policy's doing). */
  public Catalog withEntries(List<Entry> entries) {
    return new Catalog(entries);
  }

  /** Every built-in rule. */
  public static Catalog standard() {
    return new Catalog(Rules.builtIn());
  }

  public List<Entry> entries() {
    return entries;
  }

  /** A rule by its id or one of its aliases. */
  public Optional<Entry> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  private static List<String> keys(RuleDescription description) {
    List<String> keys = new ArrayList<>(description.aliases());
    keys.add(description.id());
    return keys;
  }
}
