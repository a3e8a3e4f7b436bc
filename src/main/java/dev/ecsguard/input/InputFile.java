package dev.ecsguard.input;

import java.nio.file.Path;

/**
 * One file to read.
 *
 * @param path the path as found ({@code -} for standard input)
 * @param named whether the user named it, rather than a directory scan or a glob finding it: a named file with
 *     nothing to lint is said so; a found one is skipped quietly
 */
public record InputFile(Path path, boolean named) {

  /** The file name that means standard input. */
  public static final Path STDIN = Path.of("-");

  /** How messages name it: standard input as "stdin". */
  public String name() {
    return path.equals(STDIN) ? "stdin" : path.toString();
  }
}
