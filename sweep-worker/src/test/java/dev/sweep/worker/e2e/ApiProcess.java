package dev.sweep.worker.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.SweepApiApplication;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.runtime.WorkerRuntime;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One real sweep-api on the test PostgreSQL, on a port of its own, calls to it, and the workers
 * started against it ({@link #close} stops them before the API).
 */
final class ApiProcess implements AutoCloseable {
  final ConfigurableApplicationContext context;
  final URI base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<WorkerRuntime> workers = new ArrayList<>();

  ApiProcess(Map<String, String> settings) {
    Map<String, Object> props = new HashMap<>(TestPostgres.connection());
    props.put("server.port", "0");
    props.put("sweep.lease.heartbeat-interval", "1s");
    props.put("sweep.user-token", TestTokens.USER);
    props.put("sweep.worker-token", TestTokens.WORKER);
    props.putAll(settings);
    // command-line arguments outrank the API's application.yml (which pins port 8080)
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    context =
        new SpringApplicationBuilder(SweepApiApplication.class)
            .web(WebApplicationType.SERVLET)
            .run(args);
    base =
        URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  JdbcTemplate jdbc() {
    return context.getBean(JdbcTemplate.class);
  }

  SweepApiClient client() {
    return new SweepApiClient(
        base, TestTokens.WORKER, Duration.ofSeconds(30), 3, Duration.ofMillis(100), FakeApi.JSON);
  }

  /** A one-slot worker that uploads a checkpoint after every epoch (checkpoint-every 0). */
  WorkerRuntime worker(String name) {
    return new WorkerRuntime(
        client(),
        TestData.store(),
        new WorkerProperties.Worker(
            1, true, name, Duration.ofSeconds(1), null, Duration.ofMillis(200), 64, Duration.ZERO));
  }

  /** Starts {@code worker}; {@link #close} stops it. */
  WorkerRuntime start(WorkerRuntime worker) {
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** Waits up to {@code atMost} for the sweep to leave QUEUED and RUNNING; its status then. */
  String awaitEnd(long sweepId, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sweepStatus(sweepId), s -> !s.equals("QUEUED") && !s.equals("RUNNING"));
  }

  long fusionGroups(long sweepId) {
    return jdbc()
        .queryForObject(
            "SELECT count(DISTINCT fusion_group) FROM job WHERE sweep_id = ?", Long.class, sweepId);
  }

  JsonNode createSweep(String yaml) throws Exception {
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/sweeps"))
                .header("Content-Type", "application/yaml")
                .header("Authorization", TestTokens.bearer(TestTokens.USER))
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 201) {
      throw new AssertionError(resp.statusCode() + ": " + resp.body());
    }
    return FakeApi.JSON.readTree(resp.body());
  }

  String sweepStatus(long sweepId) throws Exception {
    return FakeApi.JSON
        .readTree(
            http.send(
                    HttpRequest.newBuilder(base.resolve("/api/sweeps/" + sweepId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .get("status")
        .asText();
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    workers.forEach(WorkerRuntime::stop);
    context.close();
  }
}
