package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.TestPostgres;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V16 on a database that already holds a queue: every job gets a planned work (its planned epochs),
 * so the claim order of the jobs already waiting stays as it was, and the claim's new order has its
 * index. Runs in a schema of its own on the test database, migrated by Flyway to V15 first.
 */
class PlannedWorkMigrationTest {
  private final String schema = "v16_test_" + ProcessHandle.current().pid();
  private SingleConnectionDataSource db;
  private JdbcTemplate jdbc;

  @BeforeEach
  void connect() {
    Map<String, Object> c = TestPostgres.connection();
    db =
        new SingleConnectionDataSource(
            (String) c.get("spring.datasource.url"),
            (String) c.get("spring.datasource.username"),
            (String) c.get("spring.datasource.password"),
            true);
    jdbc = new JdbcTemplate(db);
    jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @AfterEach
  void dropSchema() {
    jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    db.destroy();
  }

  private Flyway flyway(String target) {
    return Flyway.configure()
        .dataSource(db)
        .schemas(schema)
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  @Test
  void queuedJobsKeepTheirOrderAndTheClaimOrderHasItsIndex() {
    flyway("15").migrate();
    jdbc.execute("SET search_path TO " + schema);
    long sweep =
        jdbc.queryForObject(
            "INSERT INTO sweep (name, method, metric_name, metric_goal, definition,"
                + " definition_hash, status, trial_count, job_count, epochs_naive, epochs_planned,"
                + " created_at, updated_at) VALUES ('old', 'grid', 'val_accuracy', 'maximize',"
                + " '{}'::jsonb, 'hash', 'RUNNING', 0, 5, 0, 0, now(), now()) RETURNING id",
            Long.class);
    int[] epochs = {3, 5, 1, 5, 3};
    for (int i = 0; i < epochs.length; i++) {
      jdbc.update(
          "INSERT INTO job (sweep_id, training_key, config, planned_epochs, status, attempt,"
              + " max_attempts, created_at, updated_at)"
              + " VALUES (?, ?, '{}'::jsonb, ?, ?, 1, 3, now(), now())",
          sweep,
          "key-" + i,
          epochs[i],
          i == 2 ? "RUNNING" : "QUEUED");
    }
    String queued = "SELECT id FROM job WHERE status = 'QUEUED'";
    List<Long> before = jdbc.queryForList(queued + " ORDER BY planned_epochs DESC, id", Long.class);

    flyway("latest").migrate();
    jdbc.execute("SET search_path TO " + schema);

    assertThat(
            jdbc.queryForList(
                "SELECT planned_work = planned_epochs FROM job ORDER BY id", Boolean.class))
        .hasSize(epochs.length)
        .containsOnly(true);
    assertThat(jdbc.queryForList(queued + " ORDER BY planned_work DESC, id", Long.class))
        .isEqualTo(before)
        .containsExactly(2L, 4L, 1L, 5L);
    assertThat(
            jdbc.queryForObject(
                "SELECT is_nullable FROM information_schema.columns WHERE table_schema = ?"
                    + " AND table_name = 'job' AND column_name = 'planned_work'",
                String.class,
                schema))
        .isEqualTo("NO");
    assertThat(
            jdbc.queryForList(
                "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = 'job'",
                String.class,
                schema))
        .contains("job_queued_work_idx")
        .doesNotContain("job_queued_longest_idx");
    // the claim's head reads the new index (the planner would scan a table this small otherwise)
    jdbc.execute("SET enable_seqscan = off");
    try {
      assertThat(
              String.join(
                  "\n",
                  jdbc.queryForList(
                      "EXPLAIN "
                          + queued
                          + " ORDER BY planned_work DESC, id LIMIT 1"
                          + " FOR UPDATE SKIP LOCKED",
                      String.class)))
          .contains("job_queued_work_idx");
    } finally {
      jdbc.execute("RESET enable_seqscan");
      jdbc.execute("RESET search_path");
    }
  }
}
