package dev.sweep.contract;

/**
 * Asks for work: one job at {@link WorkerPaths#CLAIM}, or a fusion group at {@link
 * WorkerPaths#CLAIM_GROUP}.
 *
 * @param waitMillis how long the API may hold the request open when the queue is empty (long poll);
 *     0 answers at once
 * @param maxJobs the most jobs of a group this worker takes at once (its memory's limit); 0 or 1
 *     claims single jobs. Absent in requests from workers older than fusion groups: one job
 */
public record ClaimRequest(String workerId, long waitMillis, int maxJobs) {
  /** A claim of one job. */
  public ClaimRequest(String workerId, long waitMillis) {
    this(workerId, waitMillis, 1);
  }
}
