package dev.ecsguard.model;

/**
 * The input is not a task definition ecs-guard can evaluate. The message says what is wrong with the
 * shape, never what the input contained.
 */
public final class InvalidTaskDefinitionException extends RuntimeException {
  public InvalidTaskDefinitionException(String message) {
    super(message);
  }
}
