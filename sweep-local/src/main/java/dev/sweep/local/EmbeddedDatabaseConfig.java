package dev.sweep.local;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The quick start's database: a real PostgreSQL run by the API process itself, so a newcomer needs
 * nothing but a JDK. {@link SweepLocalApplication} adds it to the API; the {@code ./sweep} launcher
 * runs that when {@code SWEEP_DB_URL} is not set.
 *
 * <p>It hands Boot a {@link JdbcConnectionDetails} rather than a DataSource, so the pool settings
 * under {@code spring.datasource.hikari} and Flyway's wiring stay exactly as with an external
 * database; the DataSource (and with it Flyway) depends on these details and therefore waits for
 * the server, and is closed before it on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfig {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgresServer(
      @Value("${sweep.embedded-db.dir:${user.home}/.sweep/pgdata}") Path dataDir,
      @Value("${sweep.embedded-db.port:0}") int port,
      @Value("${sweep.embedded-db.database:sweep}") String database)
      throws IOException {
    return EmbeddedPostgresServer.start(dataDir, port, database);
  }

  @Bean
  JdbcConnectionDetails embeddedJdbcConnectionDetails(EmbeddedPostgresServer server) {
    return new JdbcConnectionDetails() {
      @Override
      public String getUsername() {
        return EmbeddedPostgresServer.USER;
      }

      @Override
      public String getPassword() {
        return "";
      }

      @Override
      public String getJdbcUrl() {
        return server.jdbcUrl();
      }
    };
  }
}
