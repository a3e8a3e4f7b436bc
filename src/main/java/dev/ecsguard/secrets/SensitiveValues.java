package dev.ecsguard.secrets;

import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.Derivations;
import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.Volume;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of a subject that are, or may be, credentials: whatever the {@link SecretDetector} flags by
 * name or by value in environment variables, RunTask overrides, commands (health checks' too), labels, log driver
 * options, Docker volume options and the registry credentials' reference,
 * plus any long value there (a credential the detector does not know is still long). Rules never put values
 * in findings; this is the belt to those braces, scrubbing the text the engine passes on.
 *
 * <p>Short ordinary values ({@code prod}, {@code us-east-1}, an awslogs stream prefix) are deliberately
 * left alone: masking them would garble container names and regions in every report.
 */
public final class SensitiveValues {

  /** Unflagged values at least this long are masked too: they are rarely ordinary words. */
  static final int LONG_VALUE = 24;
  private static final int MIN_LENGTH = 4;
  private static final String MASK = "****";

  private final List<String> longestFirst;
  /**
   * The positions in {@link #longestFirst} of the values starting with each {@value #MIN_LENGTH}-character
   * prefix: a text is compared only with the values that start where it does, not with every value (a
   * definition with 10,000 containers has tens of thousands of findings and of values).
   */
  private final Map<String, int[]> byPrefix;
  /** The first character of every value: most positions of a message start none, and cost no prefix string. */
  private final BitSet firstCharacters = new BitSet();

  /** Longest first, so a value inside a longer one cannot leave part of it; equal lengths alphabetically. */
  private static final Comparator<String> LONGEST_FIRST =
      Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder());

  private SensitiveValues(List<String> values) {
    Set<String> sorted = new TreeSet<>(LONGEST_FIRST);
    sorted.addAll(values);
    this.longestFirst = List.copyOf(sorted);
    this.byPrefix = indexByPrefix(longestFirst);
    longestFirst.forEach(value -> firstCharacters.set(value.charAt(0)));
  }

  private static Map<String, int[]> indexByPrefix(List<String> values) {
    Map<String, List<Integer>> positions = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      positions.computeIfAbsent(values.get(i).substring(0, MIN_LENGTH), prefix -> new ArrayList<>()).add(i);
    }
    Map<String, int[]> index = new HashMap<>(positions.size() * 2);
    positions.forEach((prefix, list) -> index.put(prefix, list.stream().mapToInt(Integer::intValue).toArray()));
    return index;
  }

  /** The sensitive values of a subject, outside any evaluation. */
  public static SensitiveValues of(Subject subject) {
    return of(new Derivations(subject));
  }

  /** The sensitive values of the subject of an evaluation, reading the secret scan its rules share. */
  public static SensitiveValues of(Derivations evaluation) {
    Subject subject = evaluation.subject();
    List<String> values = new ArrayList<>();
    SecretScan scan = SecretScan.of(evaluation);
    for (ContainerDefinition c : subject.taskDefinition().containers()) {
      c.environment().forEach(v -> addVariable(scan, values, v));
      c.command().forEach(v -> addValue(scan, values, "", v));
      c.entryPoint().forEach(v -> addValue(scan, values, "", v));
      c.healthCheckCommand().forEach(v -> addValue(scan, values, "", v));
      addValue(scan, values, "credentialsParameter", c.repositoryCredentialsParameter());
      c.dockerLabels().forEach((name, v) -> addValue(scan, values, name, v));
      if (c.logConfiguration() != null) {
        for (Map.Entry<String, String> option : c.logConfiguration().options().entrySet()) {
          addValue(scan, values, option.getKey(), option.getValue());
        }
      }
    }
    for (Volume volume : subject.taskDefinition().volumes()) {
      volume.dockerDriverOptions().forEach((name, v) -> addOption(scan, values, name, v));
      volume.dockerVolumeLabels().forEach((name, v) -> addOption(scan, values, name, v));
    }
    subject.run().ifPresent(run -> run.overrides().containers().forEach(o -> {
      o.environment().forEach(v -> addVariable(scan, values, v));
      o.command().forEach(v -> addValue(scan, values, "", v));
    }));
    return new SensitiveValues(values);
  }

  /** The text with every sensitive value replaced by a mask. */
  public String scrub(String text) {
    if (text == null || longestFirst.isEmpty()) {
      return text;
    }
    BitSet present = valuesIn(text);
    String result = text;
    // Longest first, as before the index: a value inside a longer one cannot leave part of it.
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      result = result.replace(longestFirst.get(i), MASK);
    }
    return result;
  }

  /** The positions in {@link #longestFirst} of the values that occur in the text: one pass over the text. */
  private BitSet valuesIn(String text) {
    BitSet present = new BitSet();
    for (int at = 0; at + MIN_LENGTH <= text.length(); at++) {
      if (!firstCharacters.get(text.charAt(at))) {
        continue;
      }
      int[] candidates = byPrefix.get(text.substring(at, at + MIN_LENGTH));
      if (candidates == null) {
        continue;
      }
      for (int candidate : candidates) {
        if (!present.get(candidate) && text.startsWith(longestFirst.get(candidate), at)) {
          present.set(candidate);
        }
      }
    }
    return present;
  }

  private static void addVariable(SecretScan scan, List<String> values, EnvironmentVariable variable) {
    String value = variable.value();
    // Literal first: the rules ask for a variable's name only when its value is literal, so a name asked here
    // for a non-literal value would be a question nobody else needs answered.
    if (value != null && value.length() >= MIN_LENGTH
        && scan.isLiteral(value) && scan.name(variable.name()).isPresent()) {
      values.add(value);
      return;
    }
    addValue(scan, values, variable.name(), value);
  }

  /** A configuration key and its value: a credential-named key's literal value is masked however short. */
  private static void addOption(SecretScan scan, List<String> values, String key, String value) {
    if (value != null && value.length() >= MIN_LENGTH && scan.isLiteral(value) && scan.configKey(key).isPresent()) {
      values.add(value);
      return;
    }
    addValue(scan, values, key, value);
  }

  private static void addValue(SecretScan scan, List<String> values, String name, String value) {
    if (value == null || value.length() < MIN_LENGTH) {
      return;
    }
    if (value.length() >= LONG_VALUE || scan.value(name, value).isPresent()) {
      values.add(value);
    }
  }
}
