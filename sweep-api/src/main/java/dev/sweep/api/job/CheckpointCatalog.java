package dev.sweep.api.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The {@code checkpoint} rows: which stored checkpoint belongs to which (job, epoch). */
@Component
class CheckpointCatalog {
  record Entry(int epoch, String sha256, long sizeBytes, String location) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  CheckpointCatalog(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * The newest checkpoint a run can resume from. Only epochs whose metrics were reported count: a
   * run resumed after an unreported epoch would never report it, and the trials ending there would
   * get no results.
   */
  Optional<Entry> latest(long jobId) {
    return jdbc
        .query(
            "SELECT c.epoch, c.sha256, c.size_bytes, c.location FROM checkpoint c"
                + " WHERE c.job_id = ? AND c.quarantined_at IS NULL"
                + " AND EXISTS (SELECT 1 FROM epoch_metric e"
                + " WHERE e.job_id = c.job_id AND e.epoch = c.epoch)"
                + " ORDER BY c.epoch DESC LIMIT 1",
            (rs, i) ->
                new Entry(
                    rs.getInt("epoch"),
                    rs.getString("sha256"),
                    rs.getLong("size_bytes"),
                    rs.getString("location")),
            jobId)
        .stream()
        .findFirst();
  }

  /**
   * Records (or replaces) the checkpoint of an epoch and drops all but the newest {@code keep} of
   * the job, except those at epochs that end one of its trials (their models stay resumable and
   * their trials' models exportable). Call with the job row locked.
   *
   * @return locations no row refers to any more; delete them once the transaction commits
   */
  @Transactional(propagation = Propagation.MANDATORY)
  List<String> put(long jobId, Entry entry, int keep) {
    List<String> orphans = new ArrayList<>();
    jdbc
        .query(
            "SELECT location FROM checkpoint WHERE job_id = ? AND epoch = ?",
            (rs, i) -> rs.getString(1),
            jobId,
            entry.epoch())
        .stream()
        .filter(old -> !old.equals(entry.location()))
        .forEach(orphans::add);
    jdbc.update(
        "INSERT INTO checkpoint (job_id, epoch, sha256, size_bytes, location, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, epoch) DO UPDATE SET"
            + " sha256 = excluded.sha256, size_bytes = excluded.size_bytes,"
            + " location = excluded.location, created_at = excluded.created_at,"
            + " quarantined_at = NULL, quarantine_reason = NULL",
        jobId,
        entry.epoch(),
        entry.sha256(),
        entry.sizeBytes(),
        entry.location(),
        Timestamp.from(clock.instant()));
    orphans.addAll(
        jdbc.query(
            "DELETE FROM checkpoint WHERE job_id = ? AND epoch NOT IN"
                + " (SELECT epoch FROM checkpoint WHERE job_id = ? ORDER BY epoch DESC LIMIT ?)"
                + " AND epoch NOT IN (SELECT epochs FROM trial WHERE job_id = ?)"
                + " RETURNING location",
            (rs, i) -> rs.getString(1),
            jobId,
            jobId,
            Math.max(1, keep),
            jobId));
    return orphans;
  }

  /**
   * Marks the checkpoint of (job, epoch) as not to be resumed from, if it still holds the bytes the
   * worker was given ({@code sha256}); a newer upload of the same epoch is left alone.
   *
   * @return whether a row was quarantined
   */
  boolean quarantine(long jobId, int epoch, String sha256, String reason) {
    jdbc.update(
        "INSERT INTO checkpoint_rejection (job_id, epoch, sha256, reason, rejected_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        jobId,
        epoch,
        sha256.toLowerCase(java.util.Locale.ROOT),
        reason,
        Timestamp.from(clock.instant()));
    return jdbc.update(
            "UPDATE checkpoint SET quarantined_at = ?, quarantine_reason = ?"
                + " WHERE job_id = ? AND epoch = ? AND sha256 = ? AND quarantined_at IS NULL",
            Timestamp.from(clock.instant()),
            reason,
            jobId,
            epoch,
            sha256.toLowerCase(java.util.Locale.ROOT))
        == 1;
  }

  /** Every location a row refers to: the stored objects the janitor must leave alone. */
  Set<String> referencedLocations() {
    Set<String> out = new HashSet<>();
    jdbc.query(
        "SELECT location FROM checkpoint UNION ALL SELECT location FROM trial_model",
        rs -> {
          out.add(rs.getString(1));
        });
    return out;
  }
}
