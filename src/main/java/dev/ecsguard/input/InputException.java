package dev.ecsguard.input;

/**
 * An input that cannot be read: its message is one line naming the file and what is wrong, never a value from it
 * (the CLI prints it and exits 2, after linting the other inputs).
 */
public final class InputException extends Exception {

  public InputException(String message) {
    super(message);
  }
}
