package dev.sweep.api.job;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.TrialTarget;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;

/**
 * Every SQL statement that writes {@code job} and {@code trial} rows (and a job's epoch rows), and
 * the locking reads that go with them. It decides nothing: {@link JobLifecycle} checks each move
 * against the status tables and calls it in its transaction. Statements that move a status name the
 * status they move from, so a row that is not where the caller thinks it is stays as it is.
 */
@Component
public class JobStore {
  private static final Comparator<TrialTarget> BY_EPOCHS =
      Comparator.comparingInt(TrialTarget::epochs).thenComparingLong(TrialTarget::trialId);

  /**
   * The claim, one statement: the first QUEUED job in claim order (most planned work first, see
   * {@link dev.sweep.api.grid.PlannedWork}, then oldest), locked with SKIP LOCKED through the
   * partial index {@code job_queued_work_idx} (concurrent claimers, in this JVM or another API
   * instance, each get a different job without waiting), and with it up to {@code limit - 1} other
   * QUEUED jobs of its fusion group, locked the same way. Row n of the claimed jobs, in claim
   * order, is leased under the n-th of the given random tokens, so each job has its own. Every
   * leased job comes back with its sweep's status and the trials it still has to serve, and its
   * "job" event ({@link JobEvents#claimedPayloadSql}) is written in the same statement: a claim is
   * one round trip, and with no transaction around it, one commit. A job another claimer holds is
   * skipped, and with it the rest of its group: two slots woken by the same new sweep take two
   * groups, not one group split between them (which would train as three units on two slots).
   */
  private static final String CLAIM =
      "WITH head AS (SELECT id, sweep_id, fusion_group, planned_work FROM job q WHERE status = "
          + JobStatus.QUEUED.sql()
          // nothing for a worker that left: its abandoned long poll must not take jobs
          // (WorkerRegistry#leave); evaluated once per statement, a primary key lookup
          + " AND NOT EXISTS (SELECT 1 FROM worker w WHERE w.id = ? AND w.left_at IS NOT NULL)"
          // only the first of its group in claim order: a job behind a locked one belongs to a
          // group another claimer is taking, and taking it here would split that group
          + " AND NOT EXISTS (SELECT 1 FROM job f WHERE f.sweep_id = q.sweep_id"
          + " AND f.fusion_group = q.fusion_group AND f.status = "
          + JobStatus.QUEUED.sql()
          + " AND (f.planned_work > q.planned_work"
          + " OR (f.planned_work = q.planned_work AND f.id < q.id)))"
          + " ORDER BY planned_work DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED),"
          // the head's group (the head among them) through job_queued_group_idx; none without one
          + " picked AS (SELECT j.id, j.planned_work FROM job j JOIN head h"
          + " ON j.sweep_id = h.sweep_id AND j.fusion_group = h.fusion_group WHERE j.status = "
          + JobStatus.QUEUED.sql()
          + " ORDER BY j.id = h.id DESC, j.planned_work DESC, j.id LIMIT ?"
          + " FOR UPDATE OF j SKIP LOCKED),"
          + " numbered AS (SELECT id, row_number() OVER (ORDER BY planned_work DESC, id) AS n"
          + " FROM (SELECT id, planned_work FROM picked UNION ALL"
          + " SELECT id, planned_work FROM head WHERE fusion_group IS NULL) c),"
          + " leased AS (UPDATE job j SET status = "
          + JobStatus.RUNNING.sql()
          + ", worker_id = ?, lease_token = (?::bigint[])[numbered.n], lease_expires_at = ?,"
          // unheard until the worker's first heartbeat or epoch report (V15)
          + " lease_unheard = TRUE,"
          + " started_at = coalesce(j.started_at, ?), updated_at = ?, epoch_started_at = ?"
          + " FROM numbered WHERE j.id = numbered.id RETURNING j.*),"
          + " claimed AS (SELECT l.id, l.sweep_id, l.status, l.attempt, l.max_attempts,"
          + " l.planned_epochs, l.planned_work, l.current_epoch, l.cancel_requested, l.worker_id,"
          + " l.lease_token, l.config::text AS config, s.status AS sweep_status, t.ids, t.epochs,"
          + " t.trials FROM leased l JOIN sweep s ON s.id = l.sweep_id"
          + " CROSS JOIN LATERAL (SELECT array_agg(id ORDER BY epochs, id) AS ids,"
          + " array_agg(epochs ORDER BY epochs, id) AS epochs,"
          + " coalesce(jsonb_agg(jsonb_build_object('trialId', id, 'epochs', epochs)"
          + " ORDER BY epochs, id), '[]'::jsonb) AS trials FROM trial"
          + " WHERE job_id = l.id AND status = "
          + TrialStatus.QUEUED.sql()
          + ") t),"
          + " event AS (INSERT INTO sweep_event (sweep_id, type, payload, created_at)"
          + " SELECT sweep_id, 'job', "
          + JobEvents.claimedPayloadSql("claimed")
          + ", ? FROM claimed ORDER BY planned_work DESC, id)"
          + " SELECT id, sweep_id, status, attempt, max_attempts, planned_epochs, current_epoch,"
          + " cancel_requested, worker_id, lease_token, config, sweep_status, ids, epochs"
          + " FROM claimed ORDER BY planned_work DESC, id";

  private final JdbcTemplate jdbc;

  JobStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A leased job with what the lease needs. */
  record Claimed(LeasedJob job, String config, SweepStatus sweepStatus, List<TrialTarget> trials) {}

  /** The trials an epoch concerns: those whose curve includes it, and those it ended. */
  record EpochTrials(List<Long> curve, List<Long> ended) {}

  // --- creation: one INSERT ... SELECT FROM unnest(arrays) each, a single round trip ---

  /**
   * Inserts a sweep's QUEUED jobs, row i in fusion group {@code groups[i]} (null: alone); returns
   * their ids by training key.
   *
   * @param plannedWork each job's {@link dev.sweep.api.grid.PlannedWork}: the claim's order
   * @param cacheKeys each job's result-cache key ({@code TrainingVersion.cacheKey})
   */
  public Map<String, Long> insertJobs(
      long sweepId,
      int maxAttempts,
      Timestamp now,
      String[] keys,
      String[] configs,
      Integer[] plannedEpochs,
      Double[] plannedWork,
      String[] cacheKeys,
      Integer[] groups) {
    Map<String, Long> ids = new HashMap<>(keys.length * 2);
    jdbc.query(
        (Connection con) -> {
          PreparedStatement ps =
              con.prepareStatement(
                  "INSERT INTO job (sweep_id, training_key, config, planned_epochs,"
                      + " planned_work, status, attempt, max_attempts, created_at, updated_at,"
                      + " cache_key, fusion_group)"
                      + " SELECT ?, k, c::jsonb, e, w, ?, 1, ?, ?, ?, ck, g"
                      + " FROM unnest(?::text[], ?::text[], ?::int[], ?::float8[], ?::text[],"
                      + " ?::int[]) AS t(k, c, e, w, ck, g)"
                      + " RETURNING id, training_key");
          ps.setLong(1, sweepId);
          ps.setString(2, JobStatus.QUEUED.name());
          ps.setInt(3, maxAttempts);
          ps.setTimestamp(4, now);
          ps.setTimestamp(5, now);
          ps.setArray(6, con.createArrayOf("text", keys));
          ps.setArray(7, con.createArrayOf("text", configs));
          ps.setArray(8, con.createArrayOf("int4", plannedEpochs));
          ps.setArray(9, con.createArrayOf("float8", plannedWork));
          ps.setArray(10, con.createArrayOf("text", cacheKeys));
          ps.setArray(11, con.createArrayOf("int4", groups));
          return ps;
        },
        rs -> {
          ids.put(rs.getString(2), rs.getLong(1));
        });
    return ids;
  }

  /** Inserts a sweep's QUEUED trials, row i serving job {@code jobIds[i]}. */
  public void insertTrials(
      long sweepId, Long[] jobIds, String[] identities, String[] params, Integer[] epochs) {
    jdbc.update(
        "INSERT INTO trial (sweep_id, job_id, identity, params, epochs, status)"
            + " SELECT ?, j, i, p::jsonb, e, ?"
            + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::int[]) AS t(j, i, p, e)",
        ps -> {
          Connection con = ps.getConnection();
          ps.setLong(1, sweepId);
          ps.setString(2, TrialStatus.QUEUED.name());
          ps.setArray(3, con.createArrayOf("int8", jobIds));
          ps.setArray(4, con.createArrayOf("text", identities));
          ps.setArray(5, con.createArrayOf("text", params));
          ps.setArray(6, con.createArrayOf("int4", epochs));
        });
  }

  // --- reads that lock ---

  /**
   * Leases the next job and up to {@code tokens.length - 1} more of its fusion group, job n under
   * {@code tokens[n]}, and writes each one's "job" event; empty when nothing is queued or the
   * worker left ({@link WorkerRegistry#leave}). In claim order. Outside a transaction this commits
   * on its own.
   */
  List<Claimed> claimNext(String workerId, long[] tokens, Timestamp expires, Timestamp now) {
    return jdbc.query(
        con -> {
          PreparedStatement ps = con.prepareStatement(CLAIM);
          ps.setString(1, workerId);
          ps.setInt(2, tokens.length);
          ps.setString(3, workerId);
          Long[] boxed = new Long[tokens.length];
          for (int i = 0; i < tokens.length; i++) {
            boxed[i] = tokens[i];
          }
          ps.setArray(4, con.createArrayOf("int8", boxed));
          ps.setTimestamp(5, expires);
          ps.setTimestamp(6, now);
          ps.setTimestamp(7, now);
          ps.setTimestamp(8, now);
          ps.setTimestamp(9, now);
          return ps;
        },
        (rs, i) ->
            new Claimed(
                LeasedJob.map(rs, i),
                rs.getString("config"),
                SweepStatus.valueOf(rs.getString("sweep_status")),
                targets(rs.getArray("ids"), rs.getArray("epochs"))));
  }

  /**
   * The job, locked until the caller's transaction ends. NO KEY UPDATE, so inserts of epoch and
   * checkpoint rows (which take KEY SHARE through their foreign key) are not blocked.
   */
  Optional<LeasedJob> lock(long jobId) {
    return read(jobId, " FOR NO KEY UPDATE");
  }

  /** The job without a lock. */
  Optional<LeasedJob> peek(long jobId) {
    return read(jobId, "");
  }

  boolean exists(long jobId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM job WHERE id = ?)", Boolean.class, jobId));
  }

  /**
   * The RUNNING jobs leased to {@code workerId} that it never called about (no heartbeat, no epoch
   * report), locked. Not SKIP LOCKED: a heartbeat being written for one of them right now clears
   * {@code lease_unheard}, and the row, re-read once its lock is granted, is then left out.
   */
  List<LeasedJob> lockUnheard(String workerId) {
    return jdbc.query(
        "SELECT "
            + LeasedJob.COLUMNS
            + " FROM job WHERE status = "
            + JobStatus.RUNNING.sql()
            + " AND worker_id = ? AND lease_unheard ORDER BY id FOR NO KEY UPDATE",
        LeasedJob::map,
        workerId);
  }

  /**
   * An expired lease; {@code acrossOutage} when it was last renewed before the service's up time;
   * {@code unheard} when its worker never called about the job (no heartbeat, no epoch report) and
   * the job still has such a lapse to spare (fewer than its max attempts so far).
   */
  record ExpiredLease(LeasedJob job, boolean acrossOutage, boolean unheard) {}

  /**
   * RUNNING jobs whose lease expired before {@code now}, oldest first, locked. SKIP LOCKED: several
   * API instances reap at once without waiting or reaping a job twice, and a job whose heartbeat is
   * being written right now is left to that heartbeat. A lease that expired before {@code
   * outageEnd} (the start of the service's up time plus one lease duration) was last renewed before
   * the service came up: its worker lost contact across an outage.
   */
  List<ExpiredLease> lockExpired(Timestamp now, Timestamp outageEnd, int limit) {
    return jdbc.query(
        "SELECT "
            + LeasedJob.COLUMNS
            + ", lease_expires_at < ? AS across_outage,"
            + " lease_unheard AND unheard_requeues < max_attempts AS unheard FROM job WHERE status = "
            + JobStatus.RUNNING.sql()
            + " AND lease_expires_at < ? ORDER BY lease_expires_at LIMIT ?"
            + " FOR NO KEY UPDATE SKIP LOCKED",
        (rs, i) ->
            new ExpiredLease(
                LeasedJob.map(rs, i), rs.getBoolean("across_outage"), rs.getBoolean("unheard")),
        outageEnd,
        now,
        limit);
  }

  /** A RUNNING job whose current epoch began at {@code epochStartedAt}. */
  record OverdueEpoch(LeasedJob job, Timestamp epochStartedAt) {}

  /** RUNNING jobs whose current epoch began before {@code startedBefore}, locked (SKIP LOCKED). */
  List<OverdueEpoch> lockOverdue(Timestamp startedBefore, int limit) {
    return jdbc.query(
        "SELECT "
            + LeasedJob.COLUMNS
            + ", epoch_started_at FROM job WHERE status = "
            + JobStatus.RUNNING.sql()
            + " AND epoch_started_at < ? ORDER BY epoch_started_at LIMIT ?"
            + " FOR NO KEY UPDATE SKIP LOCKED",
        (rs, i) -> new OverdueEpoch(LeasedJob.map(rs, i), rs.getTimestamp("epoch_started_at")),
        startedBefore,
        limit);
  }

  /** One round trip, to learn whether the database answers. */
  void ping() {
    jdbc.queryForObject("SELECT 1", Integer.class);
  }

  // --- job rows ---

  /** The worker called about its job: the lease is extended, and heard from. */
  void extendLease(long jobId, Timestamp expires, int currentEpoch, Timestamp now) {
    jdbc.update(
        "UPDATE job SET lease_expires_at = ?, updated_at = ?, lease_unheard = FALSE,"
            + " current_epoch = greatest(current_epoch, ?) WHERE id = ?",
        expires,
        now,
        currentEpoch,
        jobId);
  }

  /** A new epoch began now: the wall-time limit counts from here. */
  void startEpoch(long jobId, Timestamp now) {
    jdbc.update("UPDATE job SET epoch_started_at = ? WHERE id = ?", now, jobId);
  }

  /**
   * Puts a job back in the queue under {@code attempt}, without a lease.
   *
   * @param unheard the lease expired without its worker ever calling about the job: counted in
   *     {@code unheard_requeues}
   * @param error the reason, kept on the job; null keeps the previous one
   * @return the error the job keeps
   */
  String requeue(
      long jobId, JobStatus from, int attempt, boolean unheard, String error, Timestamp now) {
    List<String> kept =
        jdbc.query(
            "UPDATE job SET status = ?, attempt = ?, error = coalesce(?, error),"
                + " unheard_requeues = unheard_requeues + ?, lease_unheard = FALSE,"
                + " lease_token = NULL, lease_expires_at = NULL, worker_id = NULL,"
                + " finished_at = NULL, updated_at = ? WHERE id = ? AND status = ? RETURNING error",
            (rs, i) -> rs.getString(1),
            JobStatus.QUEUED.name(),
            attempt,
            error,
            unheard ? 1 : 0,
            now,
            jobId,
            from.name());
    requireMoved(jobId, from, kept.size());
    return kept.get(0);
  }

  /**
   * Ends a job's run: SUCCEEDED, FAILED, CANCELLED or PRUNED, without a lease.
   *
   * @param error stored on the job (null clears it)
   */
  void end(long jobId, JobStatus from, JobStatus to, String error, Timestamp now) {
    int rows =
        jdbc.update(
            "UPDATE job SET status = ?, error = ?, lease_token = NULL, lease_expires_at = NULL,"
                + " finished_at = ?, updated_at = ? WHERE id = ? AND status = ?",
            to.name(),
            error,
            now,
            now,
            jobId,
            from.name());
    requireMoved(jobId, from, rows);
  }

  /** The caller holds the row lock and saw {@code from}: anything else is a bug, rolled back. */
  private static void requireMoved(long jobId, JobStatus from, int rows) {
    if (rows != 1) {
      throw new IllegalStateException("job " + jobId + " was not " + from + " under its lock");
    }
  }

  /**
   * A sweep's cancel, one statement for both kinds so a job the reaper re-queues meanwhile is still
   * caught (the UPDATE re-reads a row it waited for): QUEUED jobs become CANCELLED, RUNNING ones
   * are asked to stop (their worker hears it on its next heartbeat). Returns the changed rows as
   * they are now.
   */
  List<LeasedJob> cancelSweep(long sweepId, Timestamp now) {
    return jdbc.query(
        "UPDATE job SET cancel_requested = TRUE, updated_at = ?,"
            + " status = CASE WHEN status = ? THEN ? ELSE status END,"
            + " finished_at = CASE WHEN status = ? THEN ? ELSE finished_at END"
            + " WHERE sweep_id = ? AND (status = ? OR (status = ? AND NOT cancel_requested))"
            + " RETURNING "
            + LeasedJob.COLUMNS,
        LeasedJob::map,
        now,
        JobStatus.QUEUED.name(),
        JobStatus.CANCELLED.name(),
        JobStatus.QUEUED.name(),
        now,
        sweepId,
        JobStatus.QUEUED.name(),
        JobStatus.RUNNING.name());
  }

  // --- trial rows ---

  /**
   * Moves the trials of the given jobs that may go to {@code to} while their jobs are {@code
   * jobFrom} (see {@link TrialStatus#storedSources}); the others keep their status and results.
   *
   * @return the moved trials by job id, fewest epochs first
   */
  Map<Long, List<TrialTarget>> moveTrials(
      List<Long> jobIds, JobStatus jobFrom, TrialStatus to, Timestamp now) {
    if (!to.stored()) {
      throw new IllegalArgumentException(to + " is derived from the job and never stored");
    }
    Set<TrialStatus> sources = TrialStatus.storedSources(jobFrom, to);
    Map<Long, List<TrialTarget>> moved = new LinkedHashMap<>();
    if (sources.isEmpty() || jobIds.isEmpty()) {
      return moved;
    }
    jdbc.query(
        "UPDATE trial SET status = ?, finished_at = ? WHERE job_id = ANY (?)"
            + " AND status = ANY (?) RETURNING job_id, id, epochs",
        ps -> {
          ps.setString(1, to.name());
          // a trial back in the queue has not finished
          ps.setTimestamp(2, to == TrialStatus.QUEUED ? null : now);
          ps.setArray(3, ps.getConnection().createArrayOf("int8", jobIds.toArray()));
          ps.setArray(4, names(ps.getConnection(), sources));
        },
        rs -> {
          moved
              .computeIfAbsent(rs.getLong("job_id"), k -> new ArrayList<>())
              .add(new TrialTarget(rs.getLong("id"), rs.getInt("epochs")));
        });
    moved.values().forEach(list -> list.sort(BY_EPOCHS));
    return moved;
  }

  /** The same for one job. */
  List<TrialTarget> moveTrials(long jobId, JobStatus jobFrom, TrialStatus to, Timestamp now) {
    return moveTrials(List.of(jobId), jobFrom, to, now).getOrDefault(jobId, List.of());
  }

  /** The trials a job still has to serve (stored QUEUED), fewest epochs first. */
  List<TrialTarget> unfinishedTrials(long jobId) {
    return jdbc.query(
        "SELECT id, epochs FROM trial WHERE job_id = ? AND status = "
            + TrialStatus.QUEUED.sql()
            + " ORDER BY epochs, id",
        (rs, i) -> new TrialTarget(rs.getLong(1), rs.getInt(2)),
        jobId);
  }

  /** Stores a new epoch's row; false if that epoch was already reported (the first report wins). */
  boolean insertEpoch(long jobId, EpochReport report, Timestamp now) {
    return jdbc.update(
            "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
                + " val_accuracy, seconds, samples_per_second, reported_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, epoch) DO NOTHING",
            jobId,
            report.epoch(),
            report.trainLoss(),
            report.trainAccuracy(),
            new SqlParameterValue(Types.DOUBLE, report.valLoss()),
            new SqlParameterValue(Types.DOUBLE, report.valAccuracy()),
            report.seconds(),
            report.samplesPerSecond(),
            now)
        == 1;
  }

  /**
   * One statement for an epoch of a RUNNING job: the trials ending there SUCCEED with its metrics,
   * and the ids of every trial whose curve includes it come back.
   */
  EpochTrials finishTrialsAt(long jobId, EpochReport report, Timestamp now) {
    TestMetrics test = report.test();
    List<Long> curve = new ArrayList<>();
    List<Long> ended = new ArrayList<>();
    jdbc.query(
        "WITH ended AS (UPDATE trial SET status = ?, train_loss = ?, train_accuracy = ?,"
            + " val_loss = ?, val_accuracy = ?, test_loss = ?, test_accuracy = ?, finished_at = ?"
            + " WHERE job_id = ? AND epochs = ? AND status = ANY (?) RETURNING id)"
            + " SELECT t.id, t.id IN (SELECT id FROM ended) AS ended FROM trial t"
            + " WHERE t.job_id = ? AND t.epochs >= ? ORDER BY t.id",
        ps -> {
          ps.setString(1, TrialStatus.SUCCEEDED.name());
          ps.setDouble(2, report.trainLoss());
          ps.setDouble(3, report.trainAccuracy());
          ps.setObject(4, report.valLoss(), java.sql.Types.DOUBLE);
          ps.setObject(5, report.valAccuracy(), java.sql.Types.DOUBLE);
          ps.setObject(6, test == null ? null : test.loss(), java.sql.Types.DOUBLE);
          ps.setObject(7, test == null ? null : test.accuracy(), java.sql.Types.DOUBLE);
          ps.setTimestamp(8, now);
          ps.setLong(9, jobId);
          ps.setInt(10, report.epoch());
          ps.setArray(
              11,
              names(
                  ps.getConnection(),
                  TrialStatus.storedSources(JobStatus.RUNNING, TrialStatus.SUCCEEDED)));
          ps.setLong(12, jobId);
          ps.setInt(13, report.epoch());
        },
        rs -> {
          curve.add(rs.getLong("id"));
          if (rs.getBoolean("ended")) {
            ended.add(rs.getLong("id"));
          }
        });
    return new EpochTrials(curve, ended);
  }

  // --- the result cache: QUEUED -> SUCCEEDED without training ---

  /**
   * Ends never-claimed QUEUED jobs as SUCCEEDED served by {@code sources[i]} (a finished job with
   * the same cache key): each keeps the job that actually trained the epochs as its link, and shows
   * every planned epoch done. Returns the jobs moved, as they are now; a job claimed meanwhile is
   * not among them.
   */
  List<LeasedJob> reuse(Long[] jobIds, Long[] sources, Timestamp now) {
    return jdbc.query(
        "UPDATE job j SET status = ?, current_epoch = j.planned_epochs, finished_at = ?,"
            + " updated_at = ?, reused_from_job_id = coalesce(s.reused_from_job_id, s.id)"
            + " FROM unnest(?::bigint[], ?::bigint[]) AS h(job, source), job s"
            + " WHERE j.id = h.job AND s.id = h.source AND j.status = ? AND j.started_at IS NULL"
            + " RETURNING j.id, j.sweep_id, j.status, j.attempt, j.max_attempts,"
            + " j.planned_epochs, j.current_epoch, j.cancel_requested, j.worker_id,"
            + " j.lease_token",
        ps -> {
          ps.setString(1, JobStatus.SUCCEEDED.name());
          ps.setTimestamp(2, now);
          ps.setTimestamp(3, now);
          ps.setArray(4, ps.getConnection().createArrayOf("int8", jobIds));
          ps.setArray(5, ps.getConnection().createArrayOf("int8", sources));
          ps.setString(6, JobStatus.QUEUED.name());
        },
        LeasedJob::map);
  }

  /**
   * Copies the source jobs' epoch rows up to each reusing job's planned epochs, marked reused and
   * linked to the job that trained them. Returns the number of rows copied.
   */
  int copyEpochs(Long[] jobIds, Long[] sources, Timestamp now) {
    return jdbc.update(
        "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
            + " val_accuracy, seconds, samples_per_second, reported_at, reused,"
            + " reused_from_job_id)"
            + " SELECT h.job, e.epoch, e.train_loss, e.train_accuracy, e.val_loss, e.val_accuracy,"
            + " e.seconds, e.samples_per_second, ?, TRUE, coalesce(e.reused_from_job_id, e.job_id)"
            + " FROM unnest(?::bigint[], ?::bigint[]) AS h(job, source)"
            + " JOIN job j ON j.id = h.job"
            + " JOIN epoch_metric e ON e.job_id = h.source AND e.epoch <= j.planned_epochs"
            + " ON CONFLICT (job_id, epoch) DO NOTHING",
        ps -> {
          ps.setTimestamp(1, now);
          ps.setArray(2, ps.getConnection().createArrayOf("int8", jobIds));
          ps.setArray(3, ps.getConnection().createArrayOf("int8", sources));
        });
  }

  /**
   * The reusing jobs' trials SUCCEED with the results of the source's trial of the same epoch count
   * (test metrics included). Returns them with those results.
   */
  List<JobEvents.TrialEvent> finishReusedTrials(Long[] jobIds, Long[] sources, Timestamp now) {
    return jdbc.query(
        "UPDATE trial t SET status = ?, train_loss = st.train_loss,"
            + " train_accuracy = st.train_accuracy, val_loss = st.val_loss,"
            + " val_accuracy = st.val_accuracy, test_loss = st.test_loss,"
            + " test_accuracy = st.test_accuracy, finished_at = ?"
            + " FROM unnest(?::bigint[], ?::bigint[]) AS h(job, source), trial st"
            + " WHERE t.job_id = h.job AND t.status = ANY (?) AND st.job_id = h.source"
            + " AND st.epochs = t.epochs AND st.status = ?"
            + " RETURNING t.id, t.job_id, t.epochs, t.train_loss, t.train_accuracy, t.val_loss,"
            + " t.val_accuracy, t.test_loss, t.test_accuracy",
        ps -> {
          ps.setString(1, TrialStatus.SUCCEEDED.name());
          ps.setTimestamp(2, now);
          ps.setArray(3, ps.getConnection().createArrayOf("int8", jobIds));
          ps.setArray(4, ps.getConnection().createArrayOf("int8", sources));
          ps.setArray(
              5,
              names(
                  ps.getConnection(),
                  TrialStatus.storedSources(JobStatus.QUEUED, TrialStatus.SUCCEEDED)));
          ps.setString(6, TrialStatus.SUCCEEDED.name());
        },
        (rs, i) ->
            new JobEvents.TrialEvent(
                rs.getLong("id"),
                rs.getLong("job_id"),
                TrialStatus.SUCCEEDED,
                rs.getInt("epochs"),
                rs.getDouble("train_loss"),
                rs.getDouble("train_accuracy"),
                rs.getObject("val_loss", Double.class),
                rs.getObject("val_accuracy", Double.class),
                (Double) rs.getObject("test_loss"),
                (Double) rs.getObject("test_accuracy")));
  }

  private Optional<LeasedJob> read(long jobId, String lock) {
    return jdbc
        .query(
            "SELECT " + LeasedJob.COLUMNS + " FROM job WHERE id = ?" + lock, LeasedJob::map, jobId)
        .stream()
        .findFirst();
  }

  private static Array names(Connection con, Set<? extends Enum<?>> statuses) throws SQLException {
    return con.createArrayOf("text", statuses.stream().map(Enum::name).toArray());
  }

  private static List<TrialTarget> targets(Array ids, Array epochs) throws SQLException {
    if (ids == null) {
      return List.of();
    }
    Long[] id = (Long[]) ids.getArray();
    Integer[] epoch = (Integer[]) epochs.getArray();
    List<TrialTarget> out = new ArrayList<>(id.length);
    for (int i = 0; i < id.length; i++) {
      out.add(new TrialTarget(id[i], epoch[i]));
    }
    return out;
  }
}
