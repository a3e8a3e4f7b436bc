package dev.ecsguard.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which families' latest ACTIVE revision uses which task role, per account and region: kept current from every
 * registration and deregistration, rebuilt by a periodic sweep, and read by an event in one call whatever the
 * number of families.
 */
public interface RoleInventory {

  /** The most families {@link #familiesUsing} returns; more are summarised as "at least". */
  int MAX_LISTED = 100;

  /** The key roles are compared on: the role's name, lower case (a definition may give the name or the ARN). */
  static String roleKey(String roleArnOrName) {
    String role = roleArnOrName.trim();
    return role.substring(role.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** A family's latest ACTIVE revision, as the inventory knows it. */
  record FamilyState(String account, String region, String family, int revision, Optional<String> roleKey) {}

  /**
   * Families (other than {@code exceptFamily}, sorted, at most {@link #MAX_LISTED}) whose latest ACTIVE revision
   * has this task role.
   *
   * @param roleKey the role's name, lower case (roles are compared by name, as IAM does)
   */
  List<String> familiesUsing(String account, String region, String roleKey, String exceptFamily);

  /**
   * Records a family's latest ACTIVE revision: ignored when a newer revision is already recorded (events arrive out
   * of order), unless {@code replacing} is the recorded one (it was deregistered, this is the one before it).
   */
  void record(FamilyState latest, Optional<Integer> replacing, String sweepId, Instant now);

  /** Forgets a family whose recorded revision {@code revision} was deregistered and which has no ACTIVE one left. */
  void forget(String account, String region, String family, int revision);

  /** When a sweep last completed for this account and region: before that, "no other family" is not an answer. */
  Optional<Instant> completedSweep(String account, String region);

  /**
   * Where an interrupted sweep resumes: the page of the families listing it was on (its token, null for the first)
   * and how many of that page's families it had done.
   */
  record SweepCursor(String sweepId, String pageToken, int done, Instant startedAt) {}

  Optional<SweepCursor> sweepCursor(String account, String region);

  void saveSweepCursor(String account, String region, SweepCursor cursor);

  /**
   * Ends a sweep: every family neither seen by it nor recorded since it started (deleted meanwhile) is forgotten,
   * and the sweep is recorded as completed.
   */
  void completeSweep(String account, String region, SweepCursor sweep, Instant now);
}
