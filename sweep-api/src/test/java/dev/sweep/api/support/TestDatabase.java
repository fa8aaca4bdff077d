package dev.sweep.api.support;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tests share one database; the job queue is global, so a test that claims must start from an empty
 * one or it would claim another test's jobs.
 */
public final class TestDatabase {
  private TestDatabase() {}

  public static void reset(JdbcTemplate jdbc) {
    // other cached test contexts keep their reapers running on the same tables; PostgreSQL may pick
    // the TRUNCATE as a deadlock's victim, and a second try finds the locks free
    for (int attempt = 1; ; attempt++) {
      try {
        jdbc.execute(
            "TRUNCATE sweep_event, prune_decision, epoch_metric, checkpoint, checkpoint_blob,"
                + " trial, job, sweep, worker"
                + " RESTART IDENTITY CASCADE");
        return;
      } catch (PessimisticLockingFailureException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }
}
