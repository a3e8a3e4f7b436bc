package dev.ecsguard.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the rules work out from one subject and share during one evaluation: each derived value is computed
 * the first time a rule asks for it, then handed to every other rule that asks. Several rules read the same
 * strings (every secret rule and the scrubber classify the same environment values; every image rule parses
 * the same image reference), and an evaluation must not pay for that once per rule.
 *
 * <p>The engine makes a fresh instance for each evaluation, so nothing outlives it and nothing is shared between
 * evaluations. Not thread-safe: one evaluation runs its rules on one thread.
 */
public final class Derivations {

  /**
   * One kind of derived value, with how to compute it from the subject. Declared once, as a constant of the
   * class that owns the computation; the computation must be a pure function of the subject.
   */
  public static final class Key<T> {
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final int slot = SLOTS.getAndIncrement();
    private final Function<Subject, T> compute;

    public Key(Function<Subject, T> compute) {
      this.compute = compute;
    }
  }

  private final Subject subject;
  private Object[] values = new Object[8];

  /** An empty memo for one evaluation of this subject. */
  public Derivations(Subject subject) {
    this.subject = subject;
  }

  public Subject subject() {
    return subject;
  }

  /** The value of {@code key} for this subject: computed by the first to ask, then shared. */
  public <T> T get(Key<T> key) {
    if (key.slot >= values.length) {
      values = Arrays.copyOf(values, Math.max(key.slot + 1, values.length * 2));
    }
    @SuppressWarnings("unchecked")
    T value = (T) values[key.slot];
    if (value == null) {
      value = key.compute.apply(subject);
      values[key.slot] = value;
    }
    return value;
  }

  /** Derived values may be built from credentials: never shown. */
  @Override
  public String toString() {
    return "Derivations";
  }
}
