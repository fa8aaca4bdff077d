package dev.sweep.api.support;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tests share one database; the job queue is global, so a test that claims must start from an empty
 * one or it would claim another test's jobs.
 */
public final class TestDatabase {
  private TestDatabase() {}

  public static void reset(JdbcTemplate jdbc) {
    jdbc.execute(
        "TRUNCATE sweep_event, epoch_metric, checkpoint, trial, job, sweep, worker RESTART IDENTITY CASCADE");
  }
}
