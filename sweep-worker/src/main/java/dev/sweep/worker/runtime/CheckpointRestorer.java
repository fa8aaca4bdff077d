package dev.sweep.worker.runtime;

import dev.sweep.contract.CheckpointRejection;
import dev.sweep.contract.JobAssignment;
import dev.sweep.worker.client.StoredCheckpoint;
import dev.sweep.worker.client.SweepApiClient;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the newest checkpoint of a claimed job that passes every check: its bytes hash to the
 * SHA-256 the API recorded for that job and epoch, it is a sweep checkpoint of the supported
 * format, its header names the job's configuration (canonical hash), and it holds the epoch the API
 * announced. One that fails is reported (the API quarantines it) and the next older one is asked
 * for; with none left the job starts from epoch 0. A bad checkpoint never fails the job.
 */
final class CheckpointRestorer {
  private static final Logger log = LoggerFactory.getLogger(CheckpointRestorer.class);

  /** More than the API keeps by default, fewer than a loop against a misbehaving API would try. */
  static final int MAX_REJECTIONS = 16;

  private final SweepApiClient api;
  private final Trainer trainer;

  /** A restorer of DL4J checkpoints. */
  CheckpointRestorer(SweepApiClient api) {
    this(api, new Dl4jTrainer(null));
  }

  /** A restorer of the checkpoints {@code trainer} writes (DL4J, or simulated). */
  CheckpointRestorer(SweepApiClient api, Trainer trainer) {
    this.api = api;
    this.trainer = trainer;
  }

  /** The checkpoint to resume from, or empty to start from epoch 0. */
  Optional<StoredCheckpoint> newestGood(JobAssignment job) {
    if (job.resumeFromEpoch() == 0) {
      return Optional.empty();
    }
    for (int rejected = 0; rejected < MAX_REJECTIONS; rejected++) {
      Optional<StoredCheckpoint> c = api.latestCheckpoint(job.jobId(), job.leaseToken());
      if (c.isEmpty()) {
        break;
      }
      String problem;
      try {
        check(job, c.get());
        return c;
      } catch (IOException | RuntimeException e) {
        problem = "cannot restore the checkpoint: " + JobRunner.describe(e);
      }
      log.warn(
          "job {}: checkpoint of epoch {} rejected ({}); trying the one before",
          job.jobId(),
          c.get().epoch(),
          problem);
      api.rejectCheckpoint(
          job.jobId(),
          c.get().epoch(),
          new CheckpointRejection(job.leaseToken(), c.get().sha256(), problem));
    }
    log.warn("job {}: no usable checkpoint; starting from epoch 0", job.jobId());
    return Optional.empty();
  }

  private void check(JobAssignment job, StoredCheckpoint c) throws IOException {
    if (!c.intact()) {
      // a changed or truncated file, or a store that lost bytes
      throw new IOException(
          "its bytes do not hash to the SHA-256 the API recorded for epoch " + c.epoch());
    }
    int held = trainer.checkCheckpoint(job.config(), c.bytes());
    if (held != c.epoch()) {
      throw new IOException("announced as epoch " + c.epoch() + " but holds epoch " + held);
    }
  }
}
