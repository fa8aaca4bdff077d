package dev.sweep.api.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The queue's Micrometer counters and latency histograms, visible under /actuator/metrics and
 * /actuator/prometheus. Epochs per second is {@code rate(sweep_worker_epoch_reports_total{result=
 * "new"}[1m])}; the queue depth and live workers are in {@link QueueGauges}.
 */
@Component
class JobMetrics {
  private final Counter claimed;
  private final Counter emptyClaims;
  private final Counter epochsNew;
  private final Counter epochsRepeated;
  private final Counter staleTokens;
  private final Timer claimTime;
  private final Timer epochReportTime;
  private final MeterRegistry registry;

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    claimed = claims(registry, "assigned");
    emptyClaims = claims(registry, "empty");
    epochsNew = epochReports(registry, "new");
    epochsRepeated = epochReports(registry, "repeat");
    staleTokens =
        Counter.builder("sweep.worker.stale.tokens")
            .description("worker writes refused with 409 because the lease token was stale")
            .register(registry);
    claimTime =
        histogram(
                "sweep.worker.claim",
                "one claim attempt (its transaction), without long-poll waits")
            .register(registry);
    epochReportTime =
        histogram("sweep.worker.epoch.report", "one epoch report, from the request to the commit")
            .register(registry);
  }

  Timer claimTime() {
    return claimTime;
  }

  Timer epochReportTime() {
    return epochReportTime;
  }

  void claimed() {
    claimed.increment();
  }

  void emptyClaim() {
    emptyClaims.increment();
  }

  void epochReported(boolean repeat) {
    (repeat ? epochsRepeated : epochsNew).increment();
  }

  void staleToken() {
    staleTokens.increment();
  }

  /**
   * @param outcome the reaped job's new status
   */
  void reaped(JobStatus outcome) {
    Counter.builder("sweep.jobs.reaped")
        .description("RUNNING jobs whose lease expired, by the status they were moved to")
        .tag("outcome", outcome.name())
        .register(registry)
        .increment();
  }

  /** Prometheus buckets between 1 ms and 10 s, so p50/p99 can be computed across replicas. */
  private static Timer.Builder histogram(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10));
  }

  private static Counter claims(MeterRegistry registry, String result) {
    return Counter.builder("sweep.worker.claims")
        .description("claim attempts, by whether a job was assigned")
        .tag("result", result)
        .register(registry);
  }

  private static Counter epochReports(MeterRegistry registry, String result) {
    return Counter.builder("sweep.worker.epoch.reports")
        .description("epoch reports, new or idempotent repeats")
        .tag("result", result)
        .register(registry);
  }
}
