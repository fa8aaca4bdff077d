package dev.sweep.contract;

import java.time.Instant;

/**
 * The answer to a heartbeat or an epoch report.
 *
 * @param cancelRequested the user cancelled the sweep: stop at the next batch boundary and call
 *     release
 * @param pruned early termination stopped the job at the epoch just reported: its lease is over, so
 *     stop at once and report nothing further (the job keeps its checkpoints for a resume)
 */
public record LeaseStatus(Instant leaseExpiresAt, boolean cancelRequested, boolean pruned) {

  public LeaseStatus(Instant leaseExpiresAt, boolean cancelRequested) {
    this(leaseExpiresAt, cancelRequested, false);
  }
}
