package dev.sweep.contract;

/**
 * Ends a lease. Sent to complete, fail or release.
 *
 * <ul>
 *   <li>complete: every planned epoch was reported;
 *   <li>fail: {@code error} says why; the API re-queues with attempt + 1 until max attempts, unless
 *       {@code retryable} is false (bad configuration), which fails the job at once;
 *   <li>release: the worker is shutting down or was asked to cancel; the job goes back to the queue
 *       (or to CANCELLED) without using up an attempt.
 * </ul>
 */
public record JobOutcome(long leaseToken, String error, boolean retryable) {
  public static JobOutcome ok(long leaseToken) {
    return new JobOutcome(leaseToken, null, true);
  }
}
