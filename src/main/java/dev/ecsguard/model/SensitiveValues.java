package dev.ecsguard.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every value in a subject that may be a credential: environment and override values, command and entry
 * point arguments, labels and log driver options. Rules never put values in findings; this is the belt to
 * those braces, scrubbing whatever text the engine passes on.
 */
public final class SensitiveValues {

  /** Shorter values are too common to be told apart from ordinary words in a message. */
  private static final int MIN_LENGTH = 4;
  private static final String MASK = "****";

  private final List<String> longestFirst;

  private SensitiveValues(Set<String> values) {
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.longestFirst = List.copyOf(sorted);
  }

  public static SensitiveValues of(Subject subject) {
    Set<String> values = new TreeSet<>();
    for (ContainerDefinition c : subject.taskDefinition().containers()) {
      c.environment().forEach(v -> add(values, v.value()));
      c.command().forEach(v -> add(values, v));
      c.entryPoint().forEach(v -> add(values, v));
      c.dockerLabels().values().forEach(v -> add(values, v));
      if (c.logConfiguration() != null) {
        c.logConfiguration().options().values().forEach(v -> add(values, v));
      }
    }
    subject.run().ifPresent(run -> run.overrides().containers().forEach(o -> {
      o.environment().forEach(v -> add(values, v.value()));
      o.command().forEach(v -> add(values, v));
    }));
    return new SensitiveValues(values);
  }

  /** The text with every sensitive value replaced by a mask. */
  public String scrub(String text) {
    if (text == null || longestFirst.isEmpty()) {
      return text;
    }
    String result = text;
    for (String value : longestFirst) {
      if (result.contains(value)) {
        result = result.replace(value, MASK);
      }
    }
    return result;
  }

  private static void add(Set<String> values, String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      values.add(value);
    }
  }
}
