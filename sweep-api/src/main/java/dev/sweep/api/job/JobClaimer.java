package dev.sweep.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.contract.TrialTarget;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that takes a job off the queue. The oldest QUEUED job is locked with {@code FOR
 * UPDATE SKIP LOCKED} through the partial index {@code job_queued_idx}, so concurrent claimers (in
 * this JVM or in other API instances) each get a different job without waiting for each other, and
 * it is leased in the same statement.
 */
@Component
public class JobClaimer {
  private static final Logger log = LoggerFactory.getLogger(JobClaimer.class);

  private static final String CLAIM =
      "WITH next AS (SELECT id FROM job WHERE status = 'QUEUED' ORDER BY id LIMIT 1"
          + " FOR UPDATE SKIP LOCKED)"
          + " UPDATE job j SET status = 'RUNNING', worker_id = ?,"
          + " lease_token = nextval('lease_token_seq'), lease_expires_at = ?,"
          + " started_at = coalesce(j.started_at, ?), updated_at = ?"
          + " FROM next WHERE j.id = next.id"
          + " RETURNING j.id, j.sweep_id, j.status, j.attempt, j.max_attempts, j.planned_epochs,"
          + " j.current_epoch, j.cancel_requested, j.worker_id, j.lease_token,"
          + " j.config::text AS config";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Clock clock;
  private final SweepProperties props;
  private final JobEvents events;
  private final JobTransitions transitions;
  private final SweepStatusRollup rollup;
  private final JobMetrics metrics;
  private final CheckpointCatalog checkpoints;
  private final WorkerRegistry workers;

  JobClaimer(
      JdbcTemplate jdbc,
      ObjectMapper json,
      Clock clock,
      SweepProperties props,
      JobEvents events,
      JobTransitions transitions,
      SweepStatusRollup rollup,
      JobMetrics metrics,
      CheckpointCatalog checkpoints,
      WorkerRegistry workers) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.props = props;
    this.events = events;
    this.transitions = transitions;
    this.rollup = rollup;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
    this.workers = workers;
  }

  private record Claimed(LeasedJob job, String config) {}

  /**
   * Leases the oldest queued job to {@code workerId}, or returns empty when none is queued. Either
   * way the worker is recorded as seen (and added if it never registered).
   */
  @Transactional
  public Optional<JobAssignment> claim(String workerId) {
    workers.seen(workerId);
    while (true) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Instant expires = now.plus(props.lease().duration());
      List<Claimed> rows =
          jdbc.query(
              CLAIM,
              (rs, i) -> new Claimed(LeasedJob.map(rs, i), rs.getString("config")),
              workerId,
              Timestamp.from(expires),
              Timestamp.from(now),
              Timestamp.from(now));
      if (rows.isEmpty()) {
        metrics.emptyClaim();
        return Optional.empty();
      }
      LeasedJob job = rows.get(0).job();
      TrainingConfig config;
      try {
        config = json.readValue(rows.get(0).config(), TrainingConfig.class);
      } catch (JsonProcessingException e) {
        // A job no worker can read would be claimed and dropped forever; fail it and go on.
        log.error("job {} has an unreadable config; failing it", job.id(), e);
        transitions.finish(
            job, "FAILED", "FAILED", "stored config is not a TrainingConfig: " + e.getMessage());
        continue;
      }
      metrics.claimed();
      return Optional.of(lease(job, config, expires));
    }
  }

  private JobAssignment lease(LeasedJob job, TrainingConfig config, Instant expires) {
    List<TrialTarget> trials =
        jdbc.query(
            "UPDATE trial SET status = 'RUNNING' WHERE job_id = ?"
                + " AND status IN ('QUEUED', 'RUNNING') RETURNING id, epochs",
            (rs, i) -> new TrialTarget(rs.getLong(1), rs.getInt(2)),
            job.id());
    trials =
        trials.stream()
            .sorted(
                (a, b) ->
                    a.epochs() != b.epochs()
                        ? Integer.compare(a.epochs(), b.epochs())
                        : Long.compare(a.trialId(), b.trialId()))
            .toList();
    events.job(
        job.sweepId(),
        new JobEvents.JobEvent(
            job.id(),
            "RUNNING",
            job.attempt(),
            job.workerId(),
            job.currentEpoch(),
            job.plannedEpochs(),
            null));
    events.trials(
        job.sweepId(),
        trials.stream()
            .map(t -> JobEvents.TrialEvent.status(t.trialId(), job.id(), "RUNNING", t.epochs()))
            .toList());
    rollup.refreshRunning(job.sweepId());
    return new JobAssignment(
        job.id(),
        job.sweepId(),
        job.leaseToken(),
        expires,
        job.attempt(),
        config,
        job.plannedEpochs(),
        trials,
        resumeFrom(job));
  }

  private int resumeFrom(LeasedJob job) {
    // a usable checkpoint needs a reported epoch, and reports raise current_epoch: a job that
    // never reported one (every first claim) has nothing to look up
    return job.currentEpoch() == 0
        ? 0
        : checkpoints.latest(job.id()).map(CheckpointCatalog.Entry::epoch).orElse(0);
  }
}
