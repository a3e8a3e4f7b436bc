package dev.ecsguard.model;

/**
 * A name=value pair from {@code environment} (or a RunTask override). The value may be a
 * credential, so {@link #toString()} never shows it: a record's generated toString would.
 */
public record EnvironmentVariable(String name, String value) {
  @Override
  public String toString() {
    return name + "=<redacted>";
  }
}
