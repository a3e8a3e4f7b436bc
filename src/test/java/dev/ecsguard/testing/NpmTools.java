package dev.ecsguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Node.js tools the tests use (src/test/npm/package.json and its lock file): installed with {@code npm ci} into a
 * cache keyed by the lock file's hash, {@code ~/.cache/ecs-guard/npm-tools/<hash>}, once per machine and lock.
 * Like {@link PythonTools}, a missing tool fails the test with the command to run, never skips it.
 */
public final class NpmTools {

  private static final Path SOURCE = Path.of("src", "test", "npm");
  private static final List<String> FILES = List.of("package.json", "package-lock.json", ".npmrc");
  private static Path installed;

  private NpmTools() {}

  /** The installed {@code node_modules} directory. */
  public static synchronized Path nodeModules() {
    if (installed == null) {
      installed = install();
    }
    return installed.resolve("node_modules");
  }

  /** A command from a package's {@code bin}, e.g. {@code action-validator}. */
  public static Path bin(String name) {
    return nodeModules().resolve(".bin").resolve(name);
  }

  private static Path install() {
    try {
      Path target = PythonTools.venv().resolveSibling("npm-tools").resolve(lockHash());
      if (Files.isRegularFile(target.resolve("node_modules").resolve(".package-lock.json"))) {
        return target;
      }
      Files.createDirectories(target);
      for (String file : FILES) {
        Files.copy(SOURCE.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      PythonTools.ProcessResult result = PythonTools.run(List.of("npm", "ci", "--no-audit", "--no-fund"), target, 600);
      if (result.exitCode() != 0) {
        throw new IllegalStateException("npm ci of " + SOURCE + " failed (exit " + result.exitCode() + "); install "
            + "Node.js and npm, or run it by hand: cd " + target + " && npm ci\n" + result.output());
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String lockHash() throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String file : FILES) {
        digest.update(Files.readAllBytes(SOURCE.resolve(file)));
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
