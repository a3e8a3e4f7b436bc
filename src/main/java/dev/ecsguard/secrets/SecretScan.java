package dev.ecsguard.secrets;

import dev.ecsguard.model.Derivations;
import dev.ecsguard.secrets.SecretDetector.Detection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SecretDetector}'s answers about one subject's strings, each question asked once per evaluation.
 * The same environment variables, log options, labels and command words are read by several secret rules and
 * by {@link SensitiveValues}; each of them asks here and gets the detector's own answer, computed by the first
 * to ask. Answers are detector ids and shapes, never values; the maps live only as long as the evaluation.
 *
 * <p>Keyed by equal strings, not by identity: containers often repeat each other's values (the same region, the
 * same log options), and those are asked once for the whole task.
 */
public final class SecretScan {

  private static final Derivations.Key<SecretScan> KEY = new Derivations.Key<>(subject -> new SecretScan());

  /** A question about a value depends on the name it is held under (AWS secret keys, Datadog keys, entropy). */
  private record NamedValue(String name, String value) {}

  private final Map<String, Optional<Detection>> names = new HashMap<>();
  private final Map<String, Optional<Detection>> configKeys = new HashMap<>();
  private final Map<NamedValue, Optional<Detection>> values = new HashMap<>();
  private final Map<String, Optional<Detection>> texts = new HashMap<>();
  private final Map<String, Boolean> literals = new HashMap<>();

  private SecretScan() {}

  /** The scan of the evaluation under way. */
  public static SecretScan of(Derivations evaluation) {
    return evaluation.get(KEY);
  }

  /** {@link SecretDetector#name(String)}. */
  public Optional<Detection> name(String name) {
    return names.computeIfAbsent(name, SecretDetector::name);
  }

  /** {@link SecretDetector#configKey(String)}. */
  public Optional<Detection> configKey(String key) {
    return configKeys.computeIfAbsent(key, SecretDetector::configKey);
  }

  /** {@link SecretDetector#value(String, String)}. */
  public Optional<Detection> value(String name, String value) {
    return values.computeIfAbsent(new NamedValue(name, value), asked -> SecretDetector.value(name, value));
  }

  /** {@link SecretDetector#inText(String)}. */
  public Optional<Detection> inText(String text) {
    return texts.computeIfAbsent(text, SecretDetector::inText);
  }

  /** {@link SecretDetector#isLiteral(String)}. */
  public boolean isLiteral(String value) {
    return literals.computeIfAbsent(value, SecretDetector::isLiteral);
  }

  /** Holds answers about credentials: never shown. */
  @Override
  public String toString() {
    return "SecretScan";
  }
}
