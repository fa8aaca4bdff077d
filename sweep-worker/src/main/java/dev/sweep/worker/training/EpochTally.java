package dev.sweep.worker.training;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * One epoch's per-trial bookkeeping: the training loss and accuracy of each trial, taken from the
 * training forward pass batch by batch, and which trials left during the epoch (stopped, or
 * diverged).
 */
final class EpochTally {
  private final int epoch;
  private final long[] jobIds;
  private final double[] lossSum;
  private final long[] correct;
  private final boolean[] out;
  private final Map<Long, String> diverged = new LinkedHashMap<>();
  private final Set<Long> stopped = new LinkedHashSet<>();
  private int batches;
  private long seen;

  EpochTally(int epoch, List<Long> jobIds) {
    this.epoch = epoch;
    this.jobIds = jobIds.stream().mapToLong(Long::longValue).toArray();
    this.lossSum = new double[this.jobIds.length];
    this.correct = new long[this.jobIds.length];
    this.out = new boolean[this.jobIds.length];
  }

  /** Polls every trial still in; true while at least one is. */
  boolean poll(LongPredicate stop) {
    boolean any = false;
    for (int t = 0; t < jobIds.length; t++) {
      if (!out[t] && stop.test(jobIds[t])) {
        out[t] = true;
        stopped.add(jobIds[t]);
      }
      any |= !out[t];
    }
    return any;
  }

  /**
   * Adds one batch: per trial its mean loss, and predictions {@code [b * T + t]} against the true
   * classes {@code labels[0..rows)}.
   */
  void add(double[] losses, int[] predictions, int[] labels, int rows) {
    int trials = jobIds.length;
    for (int t = 0; t < trials; t++) {
      if (out[t]) {
        continue;
      }
      if (!Double.isFinite(losses[t])) {
        out[t] = true;
        diverged.put(jobIds[t], "diverged at epoch " + epoch);
        continue;
      }
      lossSum[t] += losses[t];
      for (int b = 0; b < rows; b++) {
        if (predictions[b * trials + t] == labels[b]) {
          correct[t]++;
        }
      }
    }
    batches++;
    seen += rows;
  }

  boolean in(int trial) {
    return !out[trial];
  }

  boolean anyLeft() {
    return !diverged.isEmpty() || !stopped.isEmpty();
  }

  /** Mean of the batch losses, each the mean over its batch (so the short last one counts once). */
  double trainLoss(int trial) {
    return lossSum[trial] / batches;
  }

  double trainAccuracy(int trial) {
    return (double) correct[trial] / seen;
  }

  Map<Long, String> diverged() {
    return diverged;
  }

  Set<Long> stopped() {
    return stopped;
  }
}
