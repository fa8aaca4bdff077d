package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.outage.ServiceUptime;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.MutableClock;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.WorkerPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The running API with a hand-moved clock, the scheduled reaper out of the way (tests call it) and
 * a checkpoint directory of this JVM's own. All job tests share this one Spring context.
 */
@ApiIntegrationTest
@Import(JobTestConfig.class)
@TestPropertySource(
    properties = {
      "sweep.reaper-interval=1h",
      "sweep.lease.duration=60s",
      // MetricsApiTest reads the gauges right after changing the queue
      "sweep.metrics.gauge-refresh=0s",
      // Spring Boot tests swap every metrics export for a simple registry unless told otherwise
      "management.prometheus.metrics.export.enabled=true",
      "sweep.checkpoints.max-bytes=4MB"
    })
abstract class JobApiTest {
  static final Path CHECKPOINTS = tempDir();

  @DynamicPropertySource
  static void checkpointDir(DynamicPropertyRegistry registry) {
    registry.add("sweep.checkpoints.dir", CHECKPOINTS::toString);
  }

  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected MutableClock clock;
  @Autowired protected TestRestTemplate http;
  @Autowired protected ObjectMapper json;
  @Autowired protected LeaseReaper reaper;
  @Autowired protected ServiceUptime uptime;
  protected JobFixtures fixtures;

  @BeforeEach
  void resetQueue() throws IOException {
    TestDatabase.reset(jdbc);
    // job ids restart at 1 after the reset, so the files of earlier tests' jobs must go too
    FileSystemUtils.deleteRecursively(CHECKPOINTS);
    Files.createDirectories(CHECKPOINTS);
    clock.set(JobTestConfig.START);
    // up since the start: a lease expires as soon as the clock passes it (OutageGraceTest moves it)
    uptime.upSince(JobTestConfig.START.minus(java.time.Duration.ofDays(1)));
    fixtures = new JobFixtures(jdbc);
  }

  // --- worker calls over HTTP ---

  ResponseEntity<String> post(String path, Object body, Object... vars) {
    return http.postForEntity(path, body, String.class, vars);
  }

  JobAssignment claim(String workerId) {
    ResponseEntity<String> response = post(WorkerPaths.CLAIM, new ClaimRequest(workerId, 0));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return read(response, JobAssignment.class);
  }

  ResponseEntity<String> heartbeat(long jobId, long token, int currentEpoch) {
    return post(WorkerPaths.HEARTBEAT, new HeartbeatRequest(token, currentEpoch), jobId);
  }

  ResponseEntity<String> report(long jobId, EpochReport report) {
    return post(WorkerPaths.EPOCHS, report, jobId);
  }

  /** A plausible report; test metrics when {@code withTest}. */
  static EpochReport epoch(long token, int epoch, boolean withTest) {
    return new EpochReport(
        token,
        epoch,
        1.0 / epoch,
        0.5 + epoch / 100.0,
        1.1 / epoch,
        0.45 + epoch / 100.0,
        4.5,
        13_000,
        withTest ? new TestMetrics(1.2 / epoch, 0.4 + epoch / 100.0) : null,
        false);
  }

  ResponseEntity<String> complete(long jobId, long token) {
    return post(WorkerPaths.COMPLETE, JobOutcome.ok(token), jobId);
  }

  ResponseEntity<String> fail(long jobId, long token, String error, boolean retryable) {
    return post(WorkerPaths.FAIL, new JobOutcome(token, error, retryable), jobId);
  }

  ResponseEntity<String> release(long jobId, long token) {
    return post(WorkerPaths.RELEASE, new JobOutcome(token, null, true), jobId);
  }

  ResponseEntity<String> upload(long jobId, int epoch, long token, byte[] bytes) {
    return upload(jobId, epoch, token, bytes, sha256(bytes));
  }

  ResponseEntity<String> upload(long jobId, int epoch, long token, byte[] bytes, String sha256) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(WorkerPaths.LEASE_TOKEN_HEADER, String.valueOf(token));
    headers.set(WorkerPaths.SHA256_HEADER, sha256);
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    return http.exchange(
        WorkerPaths.CHECKPOINT,
        HttpMethod.PUT,
        new HttpEntity<>(bytes, headers),
        String.class,
        jobId,
        epoch);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> T read(ResponseEntity<String> response, Class<T> type) {
    try {
      return json.readValue(response.getBody(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LeaseStatus leaseStatus(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return read(response, LeaseStatus.class);
  }

  /** Asserts an RFC 9457 problem with this status; returns its body. */
  JsonNode problem(ResponseEntity<String> response, HttpStatus status) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isNotNull()
        .matches(MediaType.APPLICATION_PROBLEM_JSON::isCompatibleWith);
    JsonNode body = read(response, JsonNode.class);
    assertThat(body.path("status").asInt()).isEqualTo(status.value());
    return body;
  }

  void assertStale(ResponseEntity<String> response) {
    assertThat(problem(response, HttpStatus.CONFLICT).path("detail").asText())
        .isEqualTo("stale lease token");
  }

  // --- database views ---

  Map<String, Object> job(long jobId) {
    return jdbc.queryForMap("SELECT * FROM job WHERE id = ?", jobId);
  }

  /** The statuses the job's trials show (RUNNING is derived from the job), in id order. */
  List<String> trialStatuses(long jobId) {
    return jdbc.queryForList(
        "SELECT " + TrialStatus.shownSql("trial") + " FROM trial WHERE job_id = ? ORDER BY id",
        String.class,
        jobId);
  }

  String sweepStatus(long sweepId) {
    return jdbc.queryForObject("SELECT status FROM sweep WHERE id = ?", String.class, sweepId);
  }

  List<JsonNode> events(long sweepId, String type) {
    return jdbc.query(
        "SELECT payload::text FROM sweep_event WHERE sweep_id = ? AND type = ? ORDER BY id",
        (rs, i) -> {
          try {
            return json.readTree(rs.getString(1));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        sweepId,
        type);
  }

  /** Everything a fenced write could touch, to show a refused write changed nothing. */
  String everything(long jobId) {
    return String.join(
        "\n",
        jdbc.queryForList("SELECT * FROM job WHERE id = ?", jobId).toString(),
        jdbc.queryForList("SELECT * FROM trial WHERE job_id = ? ORDER BY id", jobId).toString(),
        jdbc.queryForList("SELECT * FROM epoch_metric WHERE job_id = ? ORDER BY epoch", jobId)
            .toString(),
        jdbc.queryForList("SELECT * FROM checkpoint WHERE job_id = ? ORDER BY epoch", jobId)
            .toString(),
        jdbc.queryForList("SELECT * FROM sweep").toString(),
        jdbc.queryForList("SELECT * FROM sweep_event ORDER BY id").toString());
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("sweep-job-test-checkpoints");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
