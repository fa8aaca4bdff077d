package dev.sweep.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded PostgreSQL starts alongside the context rather than as one of its beans, and a start
 * that fails before the context takes the server does not leave it running.
 */
class EmbeddedDatabaseStartTest {

  @TempDir Path home;

  @Test
  void serverAnswersBeforeTheContextCreatesAnyBean() throws Exception {
    int port = freePort();
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    AtomicReference<Integer> answeredBeforeRefresh = new AtomicReference<>();
    // ApplicationPreparedEvent comes after the context is created and before its refresh: the
    // server must come up although nothing in the context has asked for it yet
    ApplicationListener<ApplicationPreparedEvent> beforeRefresh =
        event ->
            answeredBeforeRefresh.set(
                await()
                    .atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> selectOne(url), one -> one == 1));

    SpringApplicationBuilder api = SweepLocalApplication.application().listeners(beforeRefresh);
    try (ConfigurableApplicationContext context = api.run(arguments(port))) {
      assertThat(answeredBeforeRefresh.get()).isEqualTo(1);
      assertThat(context.getBean(EmbeddedPostgresServer.class).jdbcUrl())
          .as("the context uses the server started before it")
          .startsWith("jdbc:postgresql://localhost:" + port + "/sweep?");
    }
    assertThatThrownBy(() -> selectOne(url)).isInstanceOf(SQLException.class);
  }

  @Test
  void failedStartStopsTheServerTheContextNeverTook() throws Exception {
    int port = freePort();
    SpringApplicationBuilder api = SweepLocalApplication.application();
    EmbeddedDatabaseStart start =
        api.application().getListeners().stream()
            .filter(EmbeddedDatabaseStart.class::isInstance)
            .map(EmbeddedDatabaseStart.class::cast)
            .findFirst()
            .orElseThrow();

    // binding spring.main fails right after the environment is ready, before any context exists
    assertThatThrownBy(() -> api.run(arguments(port, "--spring.main.web-application-type=bogus")))
        .hasStackTraceContaining("web-application-type");

    await().atMost(Duration.ofSeconds(90)).until(() -> start.stopped().isDone());
    assertThat(start.server()).as("it had started").isCompletedWithValueMatching(s -> s != null);
    assertThat(home.resolve("pgdata/postmaster.pid")).doesNotExist();
    assertThatThrownBy(
            () -> selectOne("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres"))
        .isInstanceOf(SQLException.class);
    // and the data directory is free for the next start
    try (ConfigurableApplicationContext context =
        SweepLocalApplication.application().run(arguments(port))) {
      assertThat(context.getBean(EmbeddedPostgresServer.class).jdbcUrl())
          .contains(":" + port + "/");
    }
  }

  private String[] arguments(int port, String... more) {
    String[] base = {
      "--sweep.embedded-db.dir=" + home.resolve("pgdata"),
      "--sweep.embedded-db.port=" + port,
      "--server.port=0",
      "--sweep.checkpoints.dir=" + home.resolve("checkpoints"),
      // whatever the environment says, these tests must use the embedded server
      "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/not-used"
    };
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static int selectOne(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        var rs = c.createStatement().executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
