package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.RawHttp;
import dev.sweep.api.support.TestTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/**
 * Scrapes {@code /actuator/prometheus} of the running API, with no token (the default public read),
 * around a claim and an epoch report, and checks every series the issue asks for.
 */
class MetricsApiTest extends JobApiTest {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

  @LocalServerPort int port;

  @Value("${spring.datasource.url}")
  String jdbcUrl;

  @Test
  void prometheusExportsQueueWorkersEpochsAndLatencies() {
    Map<String, Double> before = scrape();

    long sweep = fixtures.sweep();
    JobFixtures.JobRow first = fixtures.job(sweep, 2);
    fixtures.job(sweep, 2);
    fixtures.job(sweep, 2);
    var assignment = claim("metrics-w1");
    assertThat(assignment.jobId()).isEqualTo(first.jobId());
    leaseStatus(report(first.jobId(), epoch(assignment.leaseToken(), 1, false)));

    Map<String, Double> after = scrape();
    assertThat(after)
        .containsEntry("sweep_jobs{status=\"QUEUED\"}", 2.0)
        .containsEntry("sweep_jobs{status=\"RUNNING\"}", 1.0)
        .containsEntry("sweep_jobs{status=\"SUCCEEDED\"}", 0.0)
        .containsEntry("sweep_workers_live", 1.0);
    // epochs per second is the rate of this counter
    assertThat(delta(before, after, "sweep_worker_epoch_reports_total{result=\"new\"}"))
        .isEqualTo(1.0);
    assertThat(delta(before, after, "sweep_worker_claims_total{result=\"assigned\"}"))
        .isEqualTo(1.0);
    // histograms: a count, a sum and cumulative buckets up to +Inf
    assertThat(delta(before, after, "sweep_worker_claim_seconds_count")).isEqualTo(1.0);
    assertThat(delta(before, after, "sweep_worker_epoch_report_seconds_count")).isEqualTo(1.0);
    assertThat(delta(before, after, "sweep_worker_epoch_report_seconds_sum")).isPositive();
    assertThat(after.get("sweep_worker_claim_seconds_bucket{le=\"+Inf\"}"))
        .isEqualTo(after.get("sweep_worker_claim_seconds_count"));
    assertThat(after.keySet())
        .anyMatch(k -> k.startsWith("sweep_worker_epoch_report_seconds_bucket{le=\"0.001"))
        .anyMatch(k -> k.startsWith("hikaricp_connections_active{"));
  }

  @Test
  void theScrapeHoldsNoSecrets() {
    RawHttp.Response response = get();
    assertThat(response.body())
        .doesNotContain(TestTokens.WORKER)
        .doesNotContain(TestTokens.USER)
        .doesNotContain(jdbcUrl)
        .doesNotContainIgnoringCase("password");
  }

  private Map<String, Double> scrape() {
    RawHttp.Response response = get();
    assertThat(response.status()).isEqualTo(HttpStatus.OK.value());
    assertThat(response.header("content-type")).startsWith("text/plain");
    Map<String, Double> samples = new HashMap<>();
    Matcher m = SAMPLE.matcher(response.body());
    while (m.find()) {
      samples.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return samples;
  }

  /** No Authorization header: scraping needs no token while reads are public. */
  private RawHttp.Response get() {
    return RawHttp.send(port, "GET", "/actuator/prometheus", Map.of(), null);
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    assertThat(after).containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }
}
