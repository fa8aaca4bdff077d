package dev.sweep.api.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL every test runs against: the one named by {@code SWEEP_TEST_JDBC_URL} (CI and
 * this machine), otherwise a Testcontainers PostgreSQL 16, started once per JVM, for developers
 * with Docker. There is deliberately no in-memory fallback.
 *
 * <p>Use it with {@code @ContextConfiguration(initializers = TestPostgres.Initializer.class)}, or
 * through {@link ApiIntegrationTest}.
 */
public final class TestPostgres {
  public static final String ENV = "SWEEP_TEST_JDBC_URL";
  private static PostgreSQLContainer<?> container;

  private TestPostgres() {}

  /** JDBC URL, user and password of the test database. */
  public static synchronized Map<String, Object> connection() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      url = System.getProperty(ENV);
    }
    if (url != null && !url.isBlank()) {
      return Map.of(
          "spring.datasource.url", url,
          "spring.datasource.username",
              System.getenv().getOrDefault("SWEEP_TEST_DB_USER", "postgres"),
          "spring.datasource.password", System.getenv().getOrDefault("SWEEP_TEST_DB_PASSWORD", ""));
    }
    if (container == null) {
      container = new PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
    }
    return Map.of(
        "spring.datasource.url", container.getJdbcUrl(),
        "spring.datasource.username", container.getUsername(),
        "spring.datasource.password", container.getPassword());
  }

  /** Points a Spring test context at {@link #connection()}. */
  public static class Initializer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("sweepTestPostgres", connection()));
    }
  }
}
