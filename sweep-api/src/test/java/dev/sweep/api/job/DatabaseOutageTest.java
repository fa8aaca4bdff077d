package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.outage.ServiceUptime;
import dev.sweep.api.support.MutableClock;
import dev.sweep.api.support.TcpProxy;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * A real database outage: this API reaches the test PostgreSQL only through a {@link TcpProxy},
 * which the test cuts and restores. While cut, calls fail fast with a 503 and {@code Retry-After};
 * the lease that lapses meanwhile is not taken back until a lease of up time after the database is
 * back, and then costs no attempt.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sweep.checkpoints.dir=${java.io.tmpdir}/sweep-test-checkpoints",
      "spring.datasource.hikari.minimum-idle=1",
      "spring.datasource.hikari.maximum-pool-size=4",
      "sweep.reaper-interval=1h",
      "sweep.lease.duration=60s",
      TestTokens.USER_PROPERTY,
      TestTokens.WORKER_PROPERTY
    })
@ContextConfiguration(initializers = DatabaseOutageTest.Proxied.class)
@Import({TestTokens.class, JobTestConfig.class})
class DatabaseOutageTest {
  static TcpProxy proxy;

  @Autowired JdbcTemplate jdbc;
  @Autowired MutableClock clock;
  @Autowired TestRestTemplate http;
  @Autowired ObjectMapper json;
  @Autowired LeaseReaper reaper;
  @Autowired ServiceUptime uptime;

  /** The test database's connection, with the host and port of a proxy in front of it. */
  static class Proxied implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      Map<String, Object> c = new HashMap<>(TestPostgres.connection());
      String url = (String) c.get("spring.datasource.url");
      Matcher m = Pattern.compile("//([^:/]+):(\\d+)/").matcher(url);
      if (!m.find()) {
        throw new IllegalStateException("no host:port in " + url);
      }
      proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
      c.put("spring.datasource.url", m.replaceFirst("//127.0.0.1:" + proxy.port() + "/"));
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("proxied", c));
    }
  }

  @AfterAll
  static void restore() {
    proxy.restore();
  }

  @Test
  void anOutageAnswers503WithRetryAfterFastAndTheLeaseItCostIsNotAnAttempt() throws Exception {
    TestDatabase.reset(jdbc);
    clock.set(JobTestConfig.START);
    uptime.upSince(JobTestConfig.START.minus(Duration.ofDays(1)));
    JobFixtures fixtures = new JobFixtures(jdbc);
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    JobAssignment a =
        json.readValue(
            http.postForEntity(WorkerPaths.CLAIM, new ClaimRequest("w1", 0), String.class)
                .getBody(),
            JobAssignment.class);

    proxy.cut();
    long start = System.nanoTime();
    ResponseEntity<String> beat =
        http.postForEntity(
            WorkerPaths.HEARTBEAT,
            new HeartbeatRequest(a.leaseToken(), 1),
            String.class,
            row.jobId());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(beat.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(beat.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    assertThat(beat.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json.readTree(beat.getBody());
    assertThat(problem.path("detail").asText()).contains("database is unavailable");
    // Hikari waits 2 s for a connection, not 30 s; generous for a loaded machine
    assertThat(took).isLessThan(Duration.ofSeconds(15));

    reaper.scheduled(); // finds the database gone
    clock.advance(Duration.ofSeconds(70)); // the lease expires while the database is down
    assertThat(reaper.reap()).isZero();

    proxy.restore();
    // the reaper's next runs find the database answering (once Hikari has a new connection):
    // up time starts again
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              reaper.scheduled();
              return uptime.upFor(Duration.ZERO);
            });
    assertThat(uptime.upSince()).isEqualTo(clock.instant());
    clock.advance(Duration.ofSeconds(30));
    assertThat(reaper.reap()).isZero();
    assertThat(status(row.jobId())).containsEntry("status", "RUNNING");

    clock.advance(Duration.ofSeconds(31)); // a lease of up time, and the worker never came back
    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(status(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 1)
        .containsEntry(
            "error",
            "lease of worker w1 lapsed across an outage of the API or its database; not counted"
                + " as an attempt");
  }

  private Map<String, Object> status(long jobId) {
    return jdbc.queryForMap("SELECT status, attempt, error FROM job WHERE id = ?", jobId);
  }
}
