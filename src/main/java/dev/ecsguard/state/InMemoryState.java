package dev.ecsguard.state;

import dev.ecsguard.model.TaskDefinitionArn;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The state of one process: the CLI, tests, and a function deployed without its table. */
final class InMemoryState implements ActionLedger, AlertLedger, RoleInventory, ScanCursors {

  private final Map<String, Map<String, Instant>> valves = new HashMap<>();
  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, Set<String>> delivered = new HashMap<>();
  private final Map<String, Alerted> alerted = new HashMap<>();
  private final Map<String, TreeMap<String, FamilyRecord>> families = new HashMap<>();
  private final Map<String, Instant> sweeps = new HashMap<>();
  private final Map<String, SweepCursor> cursors = new HashMap<>();
  private final Map<String, Cursor> scanCursors = new HashMap<>();

  private record Alerted(String eventId, Instant at) {}

  private record FamilyRecord(FamilyState state, String sweepId, Instant at) {}

  @Override
  public synchronized Claim claim(TaskDefinitionArn revision, Kind kind, Instant now, int maxActions,
      Duration window) {
    Map<String, Instant> actions = valves.computeIfAbsent(StateTable.valveKey(revision), k -> new HashMap<>());
    actions.values().removeIf(at -> at.isBefore(now.minus(window)));
    String action = StateTable.actionKey(revision, kind);
    if (actions.containsKey(action)) {
      return new Claim.Granted();
    }
    if (actions.size() >= maxActions) {
      return new Claim.Held(actions.size());
    }
    actions.put(action, now);
    return new Claim.Granted();
  }

  @Override
  public synchronized void record(Entry entry) {
    entries.put(StateTable.actionKey(entry.revision(), entry.kind()), entry);
  }

  @Override
  public synchronized Optional<Entry> entry(TaskDefinitionArn revision, Kind kind) {
    return Optional.ofNullable(entries.get(StateTable.actionKey(revision, kind)));
  }

  @Override
  public synchronized Set<String> delivered(String eventId) {
    return Set.copyOf(delivered.getOrDefault(eventId, Set.of()));
  }

  @Override
  public synchronized void recordDelivered(String eventId, Set<String> forms, Instant now) {
    delivered.computeIfAbsent(eventId, k -> new HashSet<>()).addAll(forms);
  }

  @Override
  public synchronized boolean claimAlert(String revisionArn, String findingSet, String eventId, Instant now,
      Duration window) {
    String key = revisionArn + " " + findingSet;
    Alerted last = alerted.get(key);
    if (last != null && !last.eventId().equals(eventId) && !last.at().isBefore(now.minus(window))) {
      return false;
    }
    alerted.put(key, new Alerted(eventId, now));
    return true;
  }

  @Override
  public synchronized List<String> familiesUsing(String account, String region, String roleKey,
      String exceptFamily) {
    return families.getOrDefault(account + " " + region, new TreeMap<>()).values().stream()
        .map(FamilyRecord::state)
        .filter(state -> state.roleKey().filter(roleKey::equals).isPresent())
        .map(FamilyState::family)
        .filter(family -> !family.equals(exceptFamily))
        .limit(MAX_LISTED)
        .toList();
  }

  @Override
  public synchronized void record(FamilyState latest, Optional<Integer> replacing, String sweepId, Instant now) {
    TreeMap<String, FamilyRecord> region = families.computeIfAbsent(latest.account() + " " + latest.region(),
        k -> new TreeMap<>());
    FamilyRecord known = region.get(latest.family());
    boolean newer = known == null || known.state().revision() <= latest.revision()
        || replacing.filter(r -> r == known.state().revision()).isPresent();
    if (newer) {
      region.put(latest.family(), new FamilyRecord(latest, sweepId, now));
    }
  }

  @Override
  public synchronized void forget(String account, String region, String family, int revision) {
    TreeMap<String, FamilyRecord> known = families.get(account + " " + region);
    if (known != null && known.containsKey(family) && known.get(family).state().revision() == revision) {
      known.remove(family);
    }
  }

  @Override
  public synchronized Optional<Instant> completedSweep(String account, String region) {
    return Optional.ofNullable(sweeps.get(account + " " + region));
  }

  @Override
  public synchronized Optional<SweepCursor> sweepCursor(String account, String region) {
    return Optional.ofNullable(cursors.get(account + " " + region));
  }

  @Override
  public synchronized void saveSweepCursor(String account, String region, SweepCursor cursor) {
    cursors.put(account + " " + region, cursor);
  }

  @Override
  public synchronized void completeSweep(String account, String region, SweepCursor sweep, Instant now) {
    TreeMap<String, FamilyRecord> known = families.get(account + " " + region);
    if (known != null) {
      known.values().removeIf(record -> !sweep.sweepId().equals(record.sweepId())
          && record.at().isBefore(sweep.startedAt()));
    }
    cursors.remove(account + " " + region);
    sweeps.put(account + " " + region, now);
  }

  @Override
  public synchronized Optional<Cursor> cursor(String account, String region, String kind) {
    return Optional.ofNullable(scanCursors.get(account + " " + region + " " + kind));
  }

  @Override
  public synchronized void save(String account, String region, String kind, Cursor cursor) {
    scanCursors.put(account + " " + region + " " + kind, cursor);
  }

  @Override
  public synchronized void clear(String account, String region, String kind) {
    scanCursors.remove(account + " " + region + " " + kind);
  }
}
