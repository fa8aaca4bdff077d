package dev.sweep.worker.cli;

import java.time.Duration;
import java.util.Optional;

/**
 * Remaining time from the epoch rate seen while watching. A resumed sweep may already be half done,
 * so the rate is measured from the first observation, not from the sweep's start.
 */
record Eta(long epochsAtStart) {

  Optional<Duration> remaining(long epochsDone, long epochsPlanned, Duration watched) {
    long gained = epochsDone - epochsAtStart;
    if (gained <= 0 || watched.isZero() || watched.isNegative()) {
      return Optional.empty();
    }
    long left = Math.max(0, epochsPlanned - epochsDone);
    double secondsPerEpoch = watched.toMillis() / 1000.0 / gained;
    return Optional.of(Duration.ofSeconds(Math.round(left * secondsPerEpoch)));
  }
}
