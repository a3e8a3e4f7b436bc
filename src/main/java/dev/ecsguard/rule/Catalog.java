package dev.ecsguard.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules with their validated metadata, built once per process. */
public final class Catalog {

  /** A rule and what it says about itself. */
  public record Entry(Rule rule, RuleDescription description) {}

  private final List<Entry> entries;
  private final Map<String, Entry> byId;

  public Catalog(List<? extends Rule> rules) {
    List<Entry> list = new ArrayList<>(rules.size());
    Map<String, Entry> index = new HashMap<>();
    for (Rule rule : rules) {
      Entry entry = new Entry(rule, RuleDescription.of(rule.getClass()));
      list.add(entry);
      for (String key : keys(entry.description())) {
        if (index.putIfAbsent(key, entry) != null) {
          throw new IllegalStateException("two rules answer to the id '" + key + "'");
        }
      }
    }
    this.entries = Collections.unmodifiableList(list);
    this.byId = Map.copyOf(index);
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
