package dev.sweep.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.SweepApiApplication;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.runtime.WorkerRuntime;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The real API on PostgreSQL and the real worker: the same 8-trial sweep (4 jobs of one fusion key,
 * each serving a 1- and a 2-epoch trial) trained once as one fused group and once job by job. Every
 * epoch row exists exactly once, and the fused run's metrics equal the unfused run's within the
 * fusion tolerance ({@code FusedTrainingTest.TOLERANCE}, 1e-5).
 */
class GroupEndToEndTest {
  private static final double TOLERANCE = 1e-5;
  private static final String SWEEP =
      """
      name: %s
      method: grid
      metric: {name: val_accuracy, goal: maximize}
      dataset: {name: fashion-mnist, validation_size: 500, train_limit: 2000, seed: 42}
      model: {type: mlp, hidden_layers: [64]}
      parameters:
        learning_rate: {values: [0.01, 0.001]}
        optimizer: {values: [adam, sgd]}
        batch_size: {value: 64}
        activation: {value: relu}
        epochs: {values: [1, 2]}
      """;

  @TempDir Path checkpoints;
  private ConfigurableApplicationContext api;
  private WorkerRuntime worker;
  private final HttpClient http = HttpClient.newHttpClient();
  private URI base;
  private JdbcTemplate jdbc;

  @BeforeEach
  void startApi() {
    Map<String, Object> props = new HashMap<>(TestPostgres.connection());
    props.put("server.port", "0");
    props.put("sweep.checkpoints.dir", checkpoints.toString());
    props.put("sweep.lease.heartbeat-interval", "1s");
    props.put("sweep.user-token", TestTokens.USER);
    props.put("sweep.worker-token", TestTokens.WORKER);
    props.put("sweep.fusion.max-trials", "4");
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    api =
        new SpringApplicationBuilder(SweepApiApplication.class)
            .web(WebApplicationType.SERVLET)
            .run(args);
    jdbc = api.getBean(JdbcTemplate.class);
    TestDatabase.reset(jdbc);
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
  void aFusedGroupReportsEveryEpochOnceWithTheMetricsOfTheJobsTrainedAlone() throws Exception {
    JsonNode plan = post("/api/sweeps?dryRun=true", SWEEP.formatted("plan"));
    assertThat(plan.get("jobs").asInt()).isEqualTo(4);
    assertThat(plan.get("fusionGroups").asInt()).isEqualTo(1);
    assertThat(plan.at("/groups/0/jobs").asInt()).isEqualTo(4);
    assertThat(plan.at("/groups/0/trials").asInt()).isEqualTo(8);
    JsonNode unfused = post("/api/sweeps?dryRun=true", SWEEP.formatted("plan") + "fusion: false\n");
    assertThat(unfused.get("fusionGroups").asInt()).isEqualTo(4);

    long fused = run("fused", 4, "");
    // not from the result cache, which would copy the fused run's rows: trained, one job a claim
    long alone = run("alone", 1, "cache: false\n");
    // the first worker's claim that its stop interrupted was still long-polling on the API when
    // the second sweep came; it left, so that poll leased nothing, and no job of either sweep
    // waited for the reaper (which took the whole second sweep for a lease duration before)
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT worker_id FROM job WHERE sweep_id = ? AND status = 'SUCCEEDED'",
                String.class,
                alone))
        .containsExactly("e2e-alone");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM sweep_event WHERE sweep_id = ? AND type = 'job'"
                    + " AND payload->>'workerId' = 'e2e-fused'",
                Long.class,
                alone))
        .as("claims of the stopped worker")
        .isZero();
    assertThat(
            jdbc.queryForList(
                "SELECT attempt || '/' || unheard_requeues FROM job WHERE sweep_id IN (?, ?)",
                String.class,
                fused,
                alone))
        .hasSize(8)
        .containsOnly("1/0");
    assertThat(api.getBean(MeterRegistry.class).find("sweep.jobs.reaped").counters())
        .as("leases the reaper took back")
        .isEmpty();

    Map<String, List<Map<String, Object>>> fusedRows = epochRows(fused);
    Map<String, List<Map<String, Object>>> aloneRows = epochRows(alone);
    assertThat(fusedRows).hasSize(4).containsOnlyKeys(aloneRows.keySet());
    // the fused jobs were leased together, by one claim of one slot
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT started_at FROM job WHERE sweep_id = ?", Object.class, fused))
        .hasSize(1);
    double worst = 0;
    for (String key : fusedRows.keySet()) {
      List<Map<String, Object>> f = fusedRows.get(key);
      List<Map<String, Object>> a = aloneRows.get(key);
      assertThat(f).extracting(r -> r.get("epoch")).containsExactly(1, 2);
      assertThat(a).extracting(r -> r.get("epoch")).containsExactly(1, 2);
      for (int i = 0; i < 2; i++) {
        for (String metric : List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy")) {
          worst = Math.max(worst, Math.abs(number(f.get(i), metric) - number(a.get(i), metric)));
        }
      }
    }
    assertThat(worst).as("largest per-epoch metric difference").isLessThanOrEqualTo(TOLERANCE);
    // checkpoint-every 0 uploads after every epoch but the last, since the report of epoch 2
    // completed each job in its own transaction: 8 reports per run (the second run trained, it
    // was not served by the result cache, which reports nothing), no complete call
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT c.epoch FROM checkpoint c JOIN job j ON j.id = c.job_id"
                    + " WHERE j.sweep_id = ?",
                Integer.class,
                fused))
        .containsExactly(1);
    MeterRegistry meters = api.getBean(MeterRegistry.class);
    assertThat(meters.find("http.server.requests").tag("uri", WorkerPaths.EPOCHS).timer())
        .isNotNull()
        .extracting(Timer::count)
        .isEqualTo(16L);
    assertThat(meters.find("http.server.requests").tag("uri", WorkerPaths.COMPLETE).meters())
        .isEmpty();
    List<Map<String, Object>> fusedTrials = trials(fused);
    List<Map<String, Object>> aloneTrials = trials(alone);
    assertThat(fusedTrials)
        .hasSize(8)
        .allSatisfy(t -> assertThat(t.get("status")).isEqualTo("SUCCEEDED"));
    for (int i = 0; i < 8; i++) {
      assertThat(number(fusedTrials.get(i), "test_accuracy"))
          .isCloseTo(
              number(aloneTrials.get(i), "test_accuracy"),
              org.assertj.core.data.Offset.offset(TOLERANCE));
      assertThat(number(fusedTrials.get(i), "test_loss"))
          .isCloseTo(
              number(aloneTrials.get(i), "test_loss"),
              org.assertj.core.data.Offset.offset(TOLERANCE));
    }
  }

  /**
   * Submits the sweep (with {@code extra} lines of definition), trains it with a one-slot worker
   * claiming up to {@code maxGroup} jobs.
   */
  private long run(String name, int maxGroup, String extra) throws Exception {
    long sweepId = post("/api/sweeps", SWEEP.formatted(name) + extra).get("id").asLong();
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
                1,
                true,
                "e2e-" + name,
                Duration.ofSeconds(1),
                null,
                Duration.ofMillis(200),
                maxGroup,
                Duration.ZERO));
    worker.start();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> get("/api/sweeps/" + sweepId).get("status").asText(),
            s -> !s.equals("QUEUED") && !s.equals("RUNNING"));
    worker.stop();
    worker = null;
    assertThat(get("/api/sweeps/" + sweepId).get("status").asText()).isEqualTo("SUCCEEDED");
    return sweepId;
  }

  /** Epoch rows by training key; each (job, epoch) once by the table's key, checked here too. */
  private Map<String, List<Map<String, Object>>> epochRows(long sweepId) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT j.training_key, e.epoch, e.train_loss, e.train_accuracy, e.val_loss,"
                + " e.val_accuracy FROM epoch_metric e JOIN job j ON j.id = e.job_id"
                + " WHERE j.sweep_id = ? ORDER BY j.training_key, e.epoch",
            sweepId);
    assertThat(rows).hasSize(8);
    Map<String, List<Map<String, Object>>> byKey = new java.util.TreeMap<>();
    rows.forEach(
        r ->
            byKey
                .computeIfAbsent((String) r.get("training_key"), k -> new java.util.ArrayList<>())
                .add(r));
    return byKey;
  }

  private List<Map<String, Object>> trials(long sweepId) {
    return jdbc.queryForList(
        "SELECT identity, status, test_accuracy, test_loss FROM trial WHERE sweep_id = ?"
            + " ORDER BY identity",
        sweepId);
  }

  private static double number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
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
    assertThat(resp.statusCode()).as(resp.body()).isIn(200, 201);
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
