package dev.ecsguard.pipeline;

/** Where the one log line per event goes: the Lambda logger, or stderr for the CLI. */
public interface LogSink {

  enum Level { INFO, WARN, ERROR }

  void log(Level level, String line);

  /** The CLI's: stderr, so that stdout holds only the report. */
  static LogSink stderr() {
    return (level, line) -> System.err.println(level + " " + line);
  }

  /** Discards everything (the CLI without --verbose). */
  static LogSink silent() {
    return (level, line) -> { };
  }
}
