package dev.ecsguard.enforce;

/** What was done, and a sentence for a person. */
public record Outcome(Action action, String detail) {

  public static Outcome none(String why) {
    return new Outcome(Action.NONE, why);
  }
}
