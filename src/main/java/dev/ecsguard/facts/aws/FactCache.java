package dev.ecsguard.facts.aws;

import dev.ecsguard.facts.Fact;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts remembered across the events of one execution environment, for a while: a log group or a role's
 * policies rarely change between two registrations a minute apart, and a burst of registrations should not
 * ask the same question five hundred times. Only known answers are kept; failures are asked again.
 */
public final class FactCache {

  private record Entry(Fact<?> fact, Instant expires) {}

  private static final int MAX_ENTRIES = 10_000;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final Clock clock;

  public FactCache(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  @SuppressWarnings("unchecked")
  <T> Fact<T> get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(key, entry);
      return null;
    }
    return (Fact<T>) entry.fact();
  }

  <T> void put(String key, Fact<T> fact) {
    if (!(fact instanceof Fact.Known<T>)) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry(fact, clock.instant().plus(ttl)));
  }

  Clock clock() {
    return clock;
  }
}
