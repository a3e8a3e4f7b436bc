package dev.ecsguard.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which ecs-guard this is: the version from the pom and the git commit it was built from, as the build wrote them
 * (dev/ecsguard/build.properties). {@code --version} prints it and every JSON report and SARIF run carries it, so a verdict can be
 * traced to the code that gave it.
 */
public record BuildInfo(String version, String commit, boolean dirty) {

  public static final BuildInfo CURRENT = read();

  /** {@code 0.1.0 (commit 1a2b3c4)}, {@code (commit 1a2b3c4, modified)}, or without a commit when unknown. */
  @Override
  public String toString() {
    if (commit == null) {
      return version;
    }
    return version + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
  }

  private static BuildInfo read() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/ecsguard/build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // An unreadable resource is an unknown build, not a failure.
    }
    String version = known(properties.getProperty("version"));
    return new BuildInfo(version == null ? "unknown version" : version, known(properties.getProperty("commit")),
        "true".equals(known(properties.getProperty("dirty"))));
  }

  /** A property the build could not fill (no git checkout) stays {@code ${…}}: unknown. */
  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? null : value.trim();
  }
}
