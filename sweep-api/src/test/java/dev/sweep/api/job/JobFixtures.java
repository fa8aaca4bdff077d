package dev.sweep.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.grid.PlannedWork;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts sweep, job and trial rows the way sweep creation does (QUEUED, attempt 1, planned epochs
 * = the largest trial epochs, config = a {@link TrainingConfig} as JSON, planned work = {@link
 * PlannedWork} of {@link #CONFIG}: one per epoch), so queue tests need no grid expansion. Whatever
 * config a job is given, its claim order is that of CONFIG: by planned epochs, then id.
 */
public final class JobFixtures {
  public static final TrainingConfig CONFIG =
      new TrainingConfig(
          new DatasetSpec("fashion-mnist", 10000, null, 42),
          new ModelSpec("mlp", List.of(256, 128), null, null, null, null, null, null, null),
          0.001,
          "adam",
          null,
          "cross_entropy",
          256,
          "relu",
          42);

  public record JobRow(long jobId, long sweepId, List<Long> trialIds) {}

  private static final AtomicLong KEYS = new AtomicLong();
  private final JdbcTemplate jdbc;
  private final String configJson;

  public JobFixtures(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    try {
      this.configJson = new ObjectMapper().writeValueAsString(CONFIG);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public long sweep() {
    return jdbc.queryForObject(
        "INSERT INTO sweep (name, method, metric_name, metric_goal, definition, definition_hash,"
            + " status, trial_count, job_count, epochs_naive, epochs_planned, created_at,"
            + " updated_at) VALUES ('test', 'grid', 'val_accuracy', 'maximize', '{}'::jsonb,"
            + " 'hash', 'QUEUED', 0, 0, 0, 0, now(), now()) RETURNING id",
        Long.class);
  }

  /** A queued job with max attempts 3 serving one trial per given epoch count. */
  public JobRow job(long sweepId, int... trialEpochs) {
    return jobWithAttempts(sweepId, 3, trialEpochs);
  }

  public JobRow jobWithAttempts(long sweepId, int maxAttempts, int... trialEpochs) {
    return jobWithConfig(sweepId, maxAttempts, configJson, trialEpochs);
  }

  public JobRow jobWithConfig(long sweepId, int maxAttempts, String config, int... trialEpochs) {
    int planned = Arrays.stream(trialEpochs).max().orElseThrow();
    String key = "key-" + KEYS.incrementAndGet();
    long jobId =
        jdbc.queryForObject(
            "INSERT INTO job (sweep_id, training_key, config, planned_epochs, planned_work,"
                + " status, attempt, max_attempts, created_at, updated_at)"
                + " VALUES (?, ?, ?::jsonb, ?, ?, 'QUEUED', 1, ?, now(), now()) RETURNING id",
            Long.class,
            sweepId,
            key,
            config,
            planned,
            PlannedWork.of(CONFIG, planned),
            maxAttempts);
    List<Long> trials = new ArrayList<>();
    for (int i = 0; i < trialEpochs.length; i++) {
      trials.add(
          jdbc.queryForObject(
              "INSERT INTO trial (sweep_id, job_id, identity, params, epochs, status)"
                  + " VALUES (?, ?, ?, ?::jsonb, ?, 'QUEUED') RETURNING id",
              Long.class,
              sweepId,
              jobId,
              key + "-" + i,
              "{\"epochs\": " + trialEpochs[i] + "}",
              trialEpochs[i]));
    }
    countJobs(sweepId);
    return new JobRow(jobId, sweepId, trials);
  }

  /**
   * Queues {@code count} one-trial jobs of {@code epochs} epochs in one statement; ids ascending.
   */
  public List<Long> queue(long sweepId, int count, int epochs) {
    return queue(sweepId, count, 1, epochs);
  }

  /**
   * Queues {@code count} jobs in one statement, each serving {@code trialsPerJob} trials of {@code
   * epochs} epochs (as trials folded by loss equivalence would); ids ascending.
   */
  public List<Long> queue(long sweepId, int count, int trialsPerJob, int epochs) {
    String prefix = "bulk-" + KEYS.incrementAndGet() + "-";
    jdbc.update(
        "WITH j AS (INSERT INTO job (sweep_id, training_key, config, planned_epochs,"
            + " planned_work, status, attempt, max_attempts, created_at, updated_at)"
            + " SELECT ?, ? || g, ?::jsonb, ?, ?, 'QUEUED', 1, 3, now(), now()"
            + " FROM generate_series(1, ?) g RETURNING id, training_key)"
            + " INSERT INTO trial (sweep_id, job_id, identity, params, epochs, status)"
            + " SELECT ?, id, training_key || '-' || t, '{}'::jsonb, ?, 'QUEUED'"
            + " FROM j CROSS JOIN generate_series(1, ?) t",
        sweepId,
        prefix,
        configJson,
        epochs,
        PlannedWork.of(CONFIG, epochs),
        count,
        sweepId,
        epochs,
        trialsPerJob);
    countJobs(sweepId);
    return jdbc.queryForList(
        "SELECT id FROM job WHERE sweep_id = ? AND training_key LIKE ? ORDER BY id",
        Long.class,
        sweepId,
        prefix + "%");
  }

  /** What the public cancel endpoint does to a running job: ask its worker to stop. */
  public void requestCancel(long jobId) {
    jdbc.update("UPDATE job SET cancel_requested = TRUE WHERE id = ?", jobId);
    jdbc.update(
        "UPDATE sweep SET cancel_requested_at = now()"
            + " WHERE id = (SELECT sweep_id FROM job WHERE id = ?)",
        jobId);
  }

  private void countJobs(long sweepId) {
    jdbc.update(
        "UPDATE sweep SET job_count = (SELECT count(*) FROM job WHERE sweep_id = ?),"
            + " trial_count = (SELECT count(*) FROM trial WHERE sweep_id = ?) WHERE id = ?",
        sweepId,
        sweepId,
        sweepId);
  }
}
