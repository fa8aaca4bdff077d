package dev.sweep.api.job;

/**
 * Creates trials while a sweep runs, for methods that choose them from results (bayes). {@link
 * JobLifecycle} asks it in the transaction that ended trials, and when a claim finds the queue
 * empty; the new jobs and trials are inserted through {@link JobStore}, QUEUED.
 */
public interface TrialSource {
  /**
   * @param created jobs inserted
   * @param cache whether the sweep looks its jobs up in the result cache
   * @param jobIds the inserted jobs
   */
  record Created(int created, boolean cache, Long[] jobIds) {
    public static final Created NONE = new Created(0, false, new Long[0]);
  }

  /**
   * Tops the sweep up to its number of unfinished trials kept ahead of the workers (none beyond
   * run_cap). Locks the sweep row; the caller holds its job rows already, if any.
   */
  Created topUp(long sweepId);

  /**
   * For a claim that found no queued job: one new trial for the oldest open sweep that can still
   * sample one, if any.
   */
  Created forIdleWorker();
}
