package dev.sweep.contract;

import java.time.Instant;

/**
 * The answer to a heartbeat or an epoch report.
 *
 * @param cancelRequested the user cancelled the sweep: stop at the next batch boundary and call
 *     release
 * @param pruned early termination stopped the job at the epoch just reported: its lease is over, so
 *     stop at once and report nothing further (the job keeps its checkpoints for a resume)
 * @param completed the report asked to complete the job ({@link EpochReport#complete()}) and the
 *     API did, in the report's transaction: the job is SUCCEEDED and its lease is over, so call
 *     nothing further about it. False from an API that predates the field (it ignores {@code
 *     complete} and answers without this one): the worker then calls complete itself
 */
public record LeaseStatus(
    Instant leaseExpiresAt, boolean cancelRequested, boolean pruned, boolean completed) {

  /** A heartbeat's answer: the lease goes on. */
  public LeaseStatus(Instant leaseExpiresAt, boolean cancelRequested) {
    this(leaseExpiresAt, cancelRequested, false, false);
  }
}
