package dev.sweep.cli;

import java.time.Duration;
import java.util.Optional;

/**
 * Remaining time from the epoch rate seen while watching. The clock starts at the first epoch that
 * finishes while watching, not when watching starts: a resumed sweep may already be half done, and
 * a fresh worker spends its first seconds loading ND4J and the data, which says nothing about the
 * rate to come.
 */
final class Eta {
  private long anchorEpochs = -1;
  private Duration anchorTime;
  private long firstSeen = -1;

  /** Feeds one observation; answers the estimate, empty until the rate is known. */
  Optional<Duration> observe(long epochsDone, long epochsPlanned, Duration watched) {
    if (firstSeen < 0) {
      firstSeen = epochsDone;
    }
    if (anchorEpochs < 0) {
      if (epochsDone > firstSeen) {
        anchorEpochs = epochsDone;
        anchorTime = watched;
      }
      return epochsDone >= epochsPlanned ? Optional.of(Duration.ZERO) : Optional.empty();
    }
    long gained = epochsDone - anchorEpochs;
    Duration span = watched.minus(anchorTime);
    long left = Math.max(0, epochsPlanned - epochsDone);
    if (left == 0) {
      return Optional.of(Duration.ZERO);
    }
    if (gained <= 0 || span.isZero() || span.isNegative()) {
      return Optional.empty();
    }
    double secondsPerEpoch = span.toMillis() / 1000.0 / gained;
    return Optional.of(Duration.ofSeconds(Math.round(left * secondsPerEpoch)));
  }
}
