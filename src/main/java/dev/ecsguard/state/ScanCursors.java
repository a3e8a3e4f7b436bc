package dev.ecsguard.state;

import java.time.Instant;
import java.util.Optional;

/**
 * Where an interrupted scan of one account and region resumes ({@code ecs-guard scan} and the scheduled scan): one
 * cursor per unit of work and kind of listing, so that a unit fits Lambda's 15 minutes by running again.
 */
public interface ScanCursors {

  /**
   * @param sweepId names the sweep the resumed runs belong to (their alerts' event ids)
   * @param pageToken the listing's page the sweep is on (null for the first)
   * @param done how many of that page's entries it had done
   */
  record Cursor(String sweepId, String pageToken, int done, Instant startedAt) {}

  /** @param kind which listing: {@code latest} (families) or {@code all} (revisions) */
  Optional<Cursor> cursor(String account, String region, String kind);

  void save(String account, String region, String kind, Cursor cursor);

  /** A completed sweep: the next one starts afresh. */
  void clear(String account, String region, String kind);
}
