package dev.ecsguard.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.BoundedInput;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading input files with one-line, value-free errors. Every input is read through {@link BoundedInput}: a
 * regular file, a pipe ({@code <(…)}), a device ({@code /dev/zero}) or {@code -} for standard input.
 */
final class Inputs {

  /** The file name that means standard input. */
  static final Path STDIN = Path.of("-");

  private Inputs() {}

  static byte[] bytes(Path file) throws UnusableInputException {
    if (file.equals(STDIN)) {
      return bounded(file, System.in);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return bounded(file, in);
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(name(file) + ": no such file");
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static byte[] bounded(Path file, InputStream in) throws UnusableInputException {
    try {
      return BoundedInput.read(in);
    } catch (BoundedInput.TooLargeException e) {
      throw new UnusableInputException(name(file) + ": " + e.getMessage());
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  static JsonNode json(Path file) throws UnusableInputException {
    return json(file, bytes(file));
  }

  /** The bytes of {@code file}, read already, parsed as JSON. */
  static JsonNode json(Path file, byte[] bytes) throws UnusableInputException {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      // A limit exceeded has no location.
      String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new UnusableInputException(name(file) + ": " + Json.describe(e) + line);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** How a file is named in messages: standard input as "stdin". */
  static String name(Path file) {
    return file.equals(STDIN) ? "stdin" : file.toString();
  }

  private static UnusableInputException unreadable(Path file, IOException e) {
    return new UnusableInputException(name(file) + ": cannot be read (" + e.getClass().getSimpleName() + ")");
  }

  /** A problem with the user's input: reported in one line, exit code 2. */
  static final class UnusableInputException extends Exception {
    UnusableInputException(String message) {
      super(message);
    }
  }
}
