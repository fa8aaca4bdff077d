package dev.sweep.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quick start's promise: the whole API starts on its own PostgreSQL (as root too, through
 * {@code unshare}), Flyway migrates it, and what was stored is still there after a restart.
 */
class EmbeddedDatabaseTest {

  @TempDir Path home;

  @Test
  void startsMigratesAndKeepsDataAcrossRestarts() throws Exception {
    Path dataDir = home.resolve("pgdata");
    String firstUrl;

    try (ConfigurableApplicationContext api = startApi(dataDir)) {
      JdbcTemplate jdbc = api.getBean(JdbcTemplate.class);
      firstUrl = api.getBean(EmbeddedPostgresServer.class).jdbcUrl();
      assertThat(firstUrl).startsWith("jdbc:postgresql://localhost:").contains("/sweep?");
      assertThat(migrationsApplied(jdbc)).isGreaterThanOrEqualTo(1);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isZero();
      jdbc.update(
          "INSERT INTO worker (id, hostname, slots, backend, registered_at, last_seen_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          "w-restart",
          "host-a",
          2,
          "cpu",
          Timestamp.from(Instant.parse("2025-01-01T00:00:00Z")),
          Timestamp.from(Instant.parse("2025-01-01T00:00:00Z")));
    }

    assertThat(dataDir.resolve("PG_VERSION")).exists();
    assertThat(Files.exists(dataDir.resolve("postmaster.pid")))
        .as("the server stops with the application")
        .isFalse();
    assertThatThrownBy(() -> DriverManager.getConnection(firstUrl).close())
        .isInstanceOf(SQLException.class);

    try (ConfigurableApplicationContext api = startApi(dataDir)) {
      JdbcTemplate jdbc = api.getBean(JdbcTemplate.class);
      assertThat(
              jdbc.queryForObject(
                  "SELECT hostname FROM worker WHERE id = ?", String.class, "w-restart"))
          .isEqualTo("host-a");
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM flyway_schema_history WHERE version = '1'", Long.class))
          .as("V1 was applied once, not again on restart")
          .isEqualTo(1L);
    }
  }

  private ConfigurableApplicationContext startApi(Path dataDir) {
    // command-line arguments outrank application.yml (default properties would not)
    return SweepLocalApplication.application()
        .run(
            "--sweep.embedded-db.dir=" + dataDir,
            "--server.port=0",
            "--sweep.checkpoints.dir=" + home.resolve("checkpoints"),
            // whatever the environment says, this test must use the embedded server
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/not-used");
  }

  private static long migrationsApplied(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM flyway_schema_history WHERE success", Long.class);
  }
}
