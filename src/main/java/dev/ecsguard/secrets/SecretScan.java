package dev.ecsguard.secrets;

import dev.ecsguard.model.Derivations;
import dev.ecsguard.model.Subject;
import dev.ecsguard.secrets.SecretDetector.Detection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SecretDetector}'s answers about one subject's strings, each question asked once per evaluation.
 * The same environment variables, log options, labels and command words are read by several secret rules and
 * by {@link SensitiveValues}; each of them asks here and gets the detector's own answer, computed by the first
 * to ask. Answers are detector ids and shapes, never values; the maps live only as long as the evaluation.
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

  /** The scan of the evaluation under way (a fresh one outside an evaluation). */
  public static SecretScan of(Subject subject) {
    return subject.derived(KEY);
  }

  /** {@link SecretDetector#name(String)}. */
  public Optional<Detection> name(String name) {
    Optional<Detection> answer = names.get(name);
    if (answer == null) {
      answer = SecretDetector.name(name);
      names.put(name, answer);
    }
    return answer;
  }

  /** {@link SecretDetector#configKey(String)}. */
  public Optional<Detection> configKey(String key) {
    Optional<Detection> answer = configKeys.get(key);
    if (answer == null) {
      answer = SecretDetector.configKey(key);
      configKeys.put(key, answer);
    }
    return answer;
  }

  /** {@link SecretDetector#value(String, String)}. */
  public Optional<Detection> value(String name, String value) {
    NamedValue question = new NamedValue(name, value);
    Optional<Detection> answer = values.get(question);
    if (answer == null) {
      answer = SecretDetector.value(name, value);
      values.put(question, answer);
    }
    return answer;
  }

  /** {@link SecretDetector#inText(String)}. */
  public Optional<Detection> inText(String text) {
    Optional<Detection> answer = texts.get(text);
    if (answer == null) {
      answer = SecretDetector.inText(text);
      texts.put(text, answer);
    }
    return answer;
  }

  /** {@link SecretDetector#isLiteral(String)}. */
  public boolean isLiteral(String value) {
    Boolean answer = literals.get(value);
    if (answer == null) {
      answer = SecretDetector.isLiteral(value);
      literals.put(value, answer);
    }
    return answer;
  }

  /** Holds answers about credentials: never shown. */
  @Override
  public String toString() {
    return "SecretScan";
  }
}
