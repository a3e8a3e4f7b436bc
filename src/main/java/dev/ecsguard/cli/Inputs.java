package dev.ecsguard.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading input files with one-line, value-free errors. */
final class Inputs {

  /** Far above any task definition (64 KiB of containers) or event (256 KiB); refuses anything larger. */
  static final long MAX_BYTES = 10L * 1024 * 1024;

  private Inputs() {}

  static byte[] bytes(Path file) throws UnusableInputException {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new UnusableInputException(file + ": larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(file + ": no such file");
    } catch (IOException e) {
      throw new UnusableInputException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  static JsonNode json(Path file) throws UnusableInputException {
    try {
      return Json.MAPPER.readTree(bytes(file));
    } catch (JacksonException e) {
      throw new UnusableInputException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new UnusableInputException(file + ": cannot be read");
    }
  }

  /** A problem with the user's input: reported in one line, exit code 2. */
  static final class UnusableInputException extends Exception {
    UnusableInputException(String message) {
      super(message);
    }
  }
}
