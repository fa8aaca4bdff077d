package dev.sweep.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real PostgreSQL every test runs against, in this order: the one named by {@code
 * SWEEP_TEST_JDBC_URL}; a Testcontainers PostgreSQL where Docker runs (CI: {@code .ci/run} starts a
 * dockerd); otherwise an embedded real PostgreSQL from zonky's Maven binaries, so {@code ./mvnw
 * verify} also works on a fresh machine with neither. Each is started once per JVM. There is
 * deliberately no in-memory fallback.
 *
 * <p>The container's image: {@code SWEEP_TEST_POSTGRES_IMAGE} if set; else {@code
 * local/postgres:15} when the daemon has it (built by {@code scripts/base-images.sh} where no
 * registry is reachable); else {@code postgres:16-alpine}, pulled.
 *
 * <p>Use it with {@code @ContextConfiguration(initializers = TestPostgres.Initializer.class)}, or
 * through {@link ApiIntegrationTest}.
 */
public final class TestPostgres {
  public static final String ENV = "SWEEP_TEST_JDBC_URL";
  private static PostgreSQLContainer<?> container;
  private static EmbeddedPostgres embedded;
  private static boolean announced;
  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);

  private TestPostgres() {}

  /** JDBC URL, user and password of the test database. */
  public static synchronized Map<String, Object> connection() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      url = System.getProperty(ENV);
    }
    if (url != null && !url.isBlank()) {
      if (!announced) {
        LOG.info("tests use the PostgreSQL at {} ({})", url.replaceAll("\\?.*", ""), ENV);
        announced = true;
      }
      return Map.of(
          "spring.datasource.url", url,
          "spring.datasource.username",
              System.getenv().getOrDefault("SWEEP_TEST_DB_USER", "postgres"),
          "spring.datasource.password", System.getenv().getOrDefault("SWEEP_TEST_DB_PASSWORD", ""));
    }
    if (container == null && embedded == null) {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        container = new PostgreSQLContainer<>(image());
        container.start();
        // with Ryuk disabled (TESTCONTAINERS_RYUK_DISABLED, no Ryuk image offline) nothing else
        // removes the container when this JVM ends
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        LOG.info("tests use a Testcontainers PostgreSQL: {}", container.getDockerImageName());
      } else {
        try {
          embedded = EmbeddedPostgres.builder().start();
          LOG.info("tests use an embedded PostgreSQL (no {}, no Docker)", ENV);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "no SWEEP_TEST_JDBC_URL, no Docker, and the embedded PostgreSQL did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::closeEmbedded));
      }
    }
    if (embedded != null) {
      return Map.of(
          "spring.datasource.url", embedded.getJdbcUrl("postgres", "postgres"),
          "spring.datasource.username", "postgres",
          "spring.datasource.password", "");
    }
    return Map.of(
        "spring.datasource.url", container.getJdbcUrl(),
        "spring.datasource.username", container.getUsername(),
        "spring.datasource.password", container.getPassword());
  }

  static final String IMAGE_ENV = "SWEEP_TEST_POSTGRES_IMAGE";
  static final String LOCAL_IMAGE = "local/postgres:15";

  private static DockerImageName image() {
    String name = System.getenv(IMAGE_ENV);
    if (name == null || name.isBlank()) {
      name = hasImage(LOCAL_IMAGE) ? LOCAL_IMAGE : "postgres:16-alpine";
    }
    return DockerImageName.parse(name).asCompatibleSubstituteFor("postgres");
  }

  private static boolean hasImage(String name) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(name).exec();
      return true;
    } catch (com.github.dockerjava.api.exception.NotFoundException e) {
      return false;
    }
  }

  private static void closeEmbedded() {
    try {
      embedded.close();
    } catch (IOException e) {
      // the JVM is exiting; a leftover postgres dies with its temp directory
    }
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
