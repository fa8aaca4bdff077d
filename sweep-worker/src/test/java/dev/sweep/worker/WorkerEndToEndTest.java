package dev.sweep.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.SweepApiApplication;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.runtime.WorkerRuntime;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The real sweep-api on PostgreSQL and the real worker over HTTP: a two-trial sweep that shares one
 * job (epochs 1 and 2) trains to SUCCEEDED with every epoch row and both trials' test metrics.
 */
class WorkerEndToEndTest {
  private static final String SWEEP =
      """
      name: e2e
      method: grid
      metric: {name: val_accuracy, goal: maximize}
      dataset: {name: fashion-mnist, validation_size: 500, train_limit: 2000, seed: 42}
      model: {type: mlp, hidden_layers: [64]}
      parameters:
        learning_rate: {value: 0.001}
        optimizer: {value: adam}
        batch_size: {value: 64}
        activation: {value: relu}
        epochs: {values: [1, 2]}
      """;

  @TempDir Path checkpoints;
  private ConfigurableApplicationContext api;
  private WorkerRuntime worker;
  private final HttpClient http = HttpClient.newHttpClient();
  private URI base;

  @BeforeEach
  void startApi() {
    // command-line arguments outrank the API's application.yml (which pins port 8080)
    Map<String, Object> props = new HashMap<>(TestPostgres.connection());
    props.put("server.port", "0");
    props.put("sweep.checkpoints.dir", checkpoints.toString());
    props.put("sweep.lease.heartbeat-interval", "1s");
    props.put("sweep.user-token", TestTokens.USER);
    props.put("sweep.worker-token", TestTokens.WORKER);
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    api =
        new SpringApplicationBuilder(SweepApiApplication.class)
            .web(WebApplicationType.SERVLET)
            .run(args);
    TestDatabase.reset(api.getBean(JdbcTemplate.class));
    base = URI.create("http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port"));
  }

  @AfterEach
  void stopAll() {
    if (worker != null) {
      worker.stop();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aTwoTrialSweepTrainsToSucceededWithEveryEpochAndTestMetricsOnBothTrials() throws Exception {
    JsonNode created = post("/api/sweeps", SWEEP);
    long sweepId = created.get("id").asLong();
    assertThat(created.get("trials").asInt()).isEqualTo(2);
    assertThat(created.get("jobs").asInt()).isEqualTo(1);

    worker =
        new WorkerRuntime(
            new SweepApiClient(
                base,
                TestTokens.WORKER,
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(100),
                FakeApi.JSON),
            TestData.store(),
            new WorkerProperties.Worker(
                2, true, "e2e-worker", Duration.ofSeconds(1), null, Duration.ofMillis(200)));
    worker.start();

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> get("/api/sweeps/" + sweepId).get("status").asText(),
            s -> !s.equals("QUEUED") && !s.equals("RUNNING"));

    assertThat(get("/api/sweeps/" + sweepId).get("status").asText()).isEqualTo("SUCCEEDED");
    JdbcTemplate jdbc = api.getBean(JdbcTemplate.class);
    List<Map<String, Object>> epochs =
        jdbc.queryForList(
            "SELECT e.epoch, e.train_loss, e.val_accuracy FROM epoch_metric e JOIN job j ON j.id = e.job_id"
                + " WHERE j.sweep_id = ? ORDER BY e.epoch",
            sweepId);
    assertThat(epochs).extracting(r -> ((Number) r.get("epoch")).intValue()).containsExactly(1, 2);
    assertThat(epochs)
        .allSatisfy(
            r -> assertThat(((Number) r.get("val_accuracy")).doubleValue()).isGreaterThan(0.5));
    List<Map<String, Object>> trials =
        jdbc.queryForList(
            "SELECT epochs, status, test_accuracy, test_loss FROM trial WHERE sweep_id = ? ORDER BY epochs",
            sweepId);
    assertThat(trials).hasSize(2);
    assertThat(trials)
        .allSatisfy(
            t -> {
              assertThat(t.get("status")).isEqualTo("SUCCEEDED");
              assertThat(((Number) t.get("test_accuracy")).doubleValue()).isGreaterThan(0.5);
              assertThat(((Number) t.get("test_loss")).doubleValue()).isPositive();
            });
    try (var files = Files.walk(checkpoints)) {
      assertThat(files.filter(Files::isRegularFile).count()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aWorkerWithAWrongTokenStopsAndTheApiCountsTheRefusal() throws Exception {
    post("/api/sweeps", SWEEP);
    List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
    worker =
        new WorkerRuntime(
            new SweepApiClient(
                base,
                "not-the-token",
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(100),
                FakeApi.JSON),
            TestData.store(),
            new WorkerProperties.Worker(
                1, true, "wrong-token", Duration.ofSeconds(1), null, Duration.ofMillis(200)),
            reasons::add);

    worker.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> !reasons.isEmpty());
    assertThat(reasons.get(0))
        .contains("answered 401")
        .contains("unknown or was revoked")
        .contains("SWEEP_API_TOKEN must be a worker token");
    JsonNode workers = get("/api/workers");
    assertThat(workers.at("/refused/count").asLong()).isEqualTo(1);
    assertThat(workers.at("/refused/lastStatus").asInt()).isEqualTo(401);
    assertThat(workers.get("workers")).isEmpty();
    assertThat(
            api.getBean(JdbcTemplate.class)
                .queryForObject("SELECT count(*) FROM job WHERE status = 'QUEUED'", Long.class))
        .isEqualTo(1);
  }

  private JsonNode post(String path, String yaml) throws Exception {
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/yaml")
                .header("Authorization", TestTokens.bearer(TestTokens.USER))
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    return FakeApi.JSON.readTree(resp.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return FakeApi.JSON.readTree(resp.body());
  }
}
