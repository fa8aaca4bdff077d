package dev.sweep.api.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The queue's Micrometer counters, visible under /actuator/metrics and /actuator/prometheus. */
@Component
class JobMetrics {
  private final Counter claimed;
  private final Counter emptyClaims;
  private final Counter epochsNew;
  private final Counter epochsRepeated;
  private final Counter staleTokens;
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
