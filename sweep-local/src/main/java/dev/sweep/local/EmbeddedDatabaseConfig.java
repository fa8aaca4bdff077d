package dev.sweep.local;

import org.springframework.beans.factory.annotation.Qualifier;
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
 * the server, and is closed before it on shutdown. The server itself starts on its own thread
 * before the context does ({@link EmbeddedDatabaseStart}); this only waits for it.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfig {

  /** The server {@link EmbeddedDatabaseStart} began starting before the context existed. */
  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgresServer(
      @Qualifier(EmbeddedDatabaseStart.BEAN_NAME) EmbeddedDatabaseStart start) {
    return start.take();
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
