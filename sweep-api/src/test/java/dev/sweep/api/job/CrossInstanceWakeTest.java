package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sweep.api.SweepApiApplication;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import dev.sweep.api.sweep.Definitions;
import dev.sweep.contract.WorkerPaths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Two API instances on one database: a worker long-polls a claim on instance B, a sweep is created
 * through instance A (this test's context), and B's claim wakes through PostgreSQL NOTIFY. Both
 * poll the queue only every hour, so nothing but the notification can answer the claim in time.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"sweep.queue.poll=1h", "sweep.reaper-interval=1h"})
class CrossInstanceWakeTest {
  private static ConfigurableApplicationContext other;
  private static int otherPort;

  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void startSecondInstance() {
    Map<String, Object> props = new HashMap<>(TestPostgres.connection());
    props.put("server.port", 0);
    props.put("sweep.queue.poll", "1h");
    props.put("sweep.reaper-interval", "1h");
    props.put("sweep.checkpoints.dir", System.getProperty("java.io.tmpdir") + "/sweep-test-b");
    props.put("spring.datasource.hikari.minimum-idle", 1);
    props.put("sweep.worker-token", TestTokens.WORKER);
    props.put("sweep.user-token", TestTokens.USER);
    // as command-line arguments: they must win over application.yml, as they would in production
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    other = new SpringApplicationBuilder(SweepApiApplication.class).run(args);
    otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stopSecondInstance() {
    if (other != null) {
      other.close();
    }
  }

  @Test
  void aClaimWaitingOnOneInstanceWakesWhenAnotherQueuesJobs() {
    TestDatabase.reset(jdbc);
    CompletableFuture<HttpResponse<String>> waiting =
        client.sendAsync(
            post(
                otherPort,
                WorkerPaths.CLAIM,
                "{\"workerId\":\"on-b\",\"waitMillis\":15000}",
                "application/json",
                TestTokens.WORKER),
            HttpResponse.BodyHandlers.ofString());
    // B is holding the claim on the empty queue
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !waiting.isDone());

    HttpResponse<String> created =
        client
            .sendAsync(
                post(
                    port,
                    "/api/sweeps",
                    Definitions.gridText("quick.yaml"),
                    "application/yaml",
                    TestTokens.USER),
                HttpResponse.BodyHandlers.ofString())
            .join();
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    // well before B's hourly poll and the claim's own 15 s
    await().atMost(Duration.ofSeconds(8)).until(waiting::isDone);
    HttpResponse<String> claim = waiting.join();
    assertThat(claim.statusCode()).as(claim.body()).isEqualTo(200);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM job WHERE status = 'RUNNING' AND worker_id = 'on-b'",
                Long.class))
        .isEqualTo(1);
  }

  private static HttpRequest post(int port, String path, String body, String type, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", type)
        .header("Authorization", TestTokens.bearer(token))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
