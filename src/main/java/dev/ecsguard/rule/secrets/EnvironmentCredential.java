package dev.ecsguard.rule.secrets;

import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.EnvironmentVariable;
import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import dev.ecsguard.secrets.SecretScan;
import java.util.Optional;

/**
 * What the detectors say about one environment variable, of a container definition or of a RunTask override, decided
 * once so that a variable is one finding whichever detectors catch it (one finding per field and concern), under the
 * rule of its strongest evidence, with every detector that fired named:
 *
 * <ul>
 *   <li>{@link Evidence#VALUE}: the value has a known credential format. no-secret-env-values (CRITICAL) reports it,
 *       as {@code name:keyword:token+github-pat} when the name says credential too;
 *   <li>{@link Evidence#NAME}: a credential name holds a literal value of no known format, or a template placeholder
 *       (the pipeline fills the credential in, in plain text). no-secret-env-names (HIGH) reports it, as
 *       {@code name:keyword:password+entropy} when the value is also random-looking;
 *   <li>{@link Evidence#HINT}: only a random-looking value under an ordinary name. no-high-entropy-literals (LOW)
 *       reports it, as a hint.
 * </ul>
 *
 * @param found the detection that decides the evidence and describes the value in a message
 * @param detector the detectors that fired, name first, joined with {@code +}
 */
record EnvironmentCredential(Evidence evidence, Detection found, String detector, boolean placeholder) {

  /** How a variable was recognised, strongest first. */
  enum Evidence { VALUE, NAME, HINT }

  static Optional<EnvironmentCredential> of(SecretScan scan, EnvironmentVariable variable) {
    Optional<Detection> byValue = scan.value(variable.name(), variable.value());
    boolean literal = scan.isLiteral(variable.value());
    // A placeholder under a credential name is still one: the pipeline fills the credential in, in plain text.
    boolean placeholder = !literal && Placeholders.contains(variable.value());
    Optional<Detection> byName = literal || placeholder ? scan.name(variable.name()) : Optional.empty();
    if (byValue.isEmpty() && byName.isEmpty()) {
      return Optional.empty();
    }
    String detector = byName.map(Detection::detector).orElse(null);
    if (byValue.isPresent()) {
      detector = detector == null ? byValue.get().detector() : detector + "+" + byValue.get().detector();
    }
    boolean knownFormat = byValue.isPresent() && byValue.get().strength() == Strength.STRONG;
    if (knownFormat) {
      return Optional.of(new EnvironmentCredential(Evidence.VALUE, byValue.get(), detector, false));
    }
    if (byName.isPresent()) {
      return Optional.of(new EnvironmentCredential(Evidence.NAME, byName.get(), detector, placeholder));
    }
    return Optional.of(new EnvironmentCredential(Evidence.HINT, byValue.get(), detector, false));
  }
}
