package dev.ecsguard.testing;

import dev.ecsguard.pipeline.LogSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log sink that keeps every line, so tests can read what the function would have logged. */
public final class CapturedLog implements LogSink {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void log(Level level, String line) {
    lines.add(level + " " + line);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String all() {
    return String.join("\n", lines);
  }
}
