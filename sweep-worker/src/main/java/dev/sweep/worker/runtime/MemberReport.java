package dev.sweep.worker.runtime;

import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.runtime.JobRunner.Ending;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.LossAndAccuracy;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's end of an epoch, in two halves. {@link #prepare} runs on the slot thread, in member
 * order, and reads from the group all that the member's calls carry (its checkpoint when due, its
 * model where a trial ends): the group's ND4J arrays and caches are not thread-safe. {@link #send}
 * then makes the member's calls in their order on a report thread ({@link MemberReports}) and
 * settles its lease, so the members of a group wait for the API together, not one after another.
 * Only this member's task writes its lease meanwhile.
 */
final class MemberReport {
  // the lines a member's epoch end logs are the group's, as when GroupTraining made them itself
  private static final Logger log = LoggerFactory.getLogger(GroupTraining.class);

  private final SweepApiClient api;
  private final BooleanSupplier draining;
  final Lease lease;
  private final EpochMetrics m;
  private final LossAndAccuracy test;
  private final boolean last;
  private byte[] checkpoint;
  private byte[] model;
  private byte[] releaseCheckpoint;
  // a failure reading the group; send throws it where the read stood, so it ends the member as the
  // same failure did when reading and sending were one step
  private Throwable unreadable;
  private boolean wantsCheckpoint;

  MemberReport(
      SweepApiClient api,
      BooleanSupplier draining,
      Lease lease,
      EpochMetrics metrics,
      LossAndAccuracy test) {
    this.api = api;
    this.draining = draining;
    this.lease = lease;
    this.m = metrics;
    this.test = test;
    this.last = metrics.epoch() >= lease.job.plannedEpochs();
  }

  /** Slot thread: reads from the group what {@link #send} will upload. */
  void prepare(Trainer.Group group, boolean checkpointDue) {
    try {
      // no checkpoint at the last epoch: its report completes the job in the same transaction, so
      // no re-claim can find that epoch reported and the job unfinished (the one resume it served)
      if (!last && checkpointDue) {
        checkpoint = group.checkpoint(lease.id());
      } else if (!last && draining.getAsBoolean() && !lease.cancel) {
        // already draining: the checkpoint the release after the report needs, read now
        releaseCheckpoint = group.checkpoint(lease.id());
      }
      model = test == null ? null : group.exportModel(lease.id());
    } catch (Exception | OutOfMemoryError e) {
      unreadable = e;
    }
  }

  /**
   * Report thread: uploads the checkpoint and the model, then reports the epoch (the report comes
   * after both are stored); the member's ending, or null while it trains on.
   */
  Ending send() throws Exception {
    JobAssignment job = lease.job;
    if (checkpoint != null) {
      upload(checkpoint);
    }
    rethrowUnreadable();
    if (model != null) {
      // GET /api/trials/{id}/model serves it; the API cannot build it (it has no DL4J)
      api.uploadModel(job.jobId(), m.epoch(), job.leaseToken(), model);
    }
    LeaseStatus status = api.reportEpoch(job.jobId(), m.report(job.leaseToken(), test, last));
    lease.currentEpoch = m.epoch();
    log.info(
        "job {} epoch {}/{}: train loss {} acc {}, val loss {} acc {}, {} s{}",
        job.jobId(),
        m.epoch(),
        job.plannedEpochs(),
        fmt(m.trainLoss()),
        fmt(m.trainAccuracy()),
        fmt(m.valLoss()),
        fmt(m.valAccuracy()),
        String.format("%.1f", m.seconds()),
        test == null ? "" : ", test acc " + fmt(test.accuracy()));
    if (status != null && status.pruned()) {
      // the API ended the lease in the report's transaction: nothing more to say to it
      log.info("job {}: pruned by early termination at epoch {}; stopping", job.jobId(), m.epoch());
      return lease.pruned();
    }
    if (status != null && status.cancelRequested()) {
      lease.cancel = true;
    }
    if (last) {
      if (status != null && status.completed()) {
        // the API completed the job in the report's transaction: nothing more to say to it
        return lease.completed();
      }
      // an API from before completing reports ignores the field and answers without it
      return lease.end(Ending.COMPLETED, null, true);
    }
    if (lease.cancel || draining.getAsBoolean()) {
      if (!lease.cancel && lease.checkpointedEpoch < m.epoch() && releaseCheckpoint == null) {
        // the drain began during the report: the slot thread reads the checkpoint, then release
        wantsCheckpoint = true;
        return null;
      }
      return release();
    }
    return null;
  }

  /** Whether {@link #send} left the release to wait for {@link #prepareRelease}. */
  boolean wantsCheckpoint() {
    return wantsCheckpoint;
  }

  /** Slot thread: the checkpoint a drain that began during the report needs for its release. */
  void prepareRelease(Trainer.Group group) {
    try {
      releaseCheckpoint = group.checkpoint(lease.id());
    } catch (Exception | OutOfMemoryError e) {
      unreadable = e;
    }
  }

  /** Report thread: a drain keeps every reported epoch, so the next claim resumes after it. */
  Ending release() throws Exception {
    rethrowUnreadable();
    if (!lease.cancel && lease.checkpointedEpoch < m.epoch()) {
      upload(releaseCheckpoint);
    }
    log.info(
        "job {}: {} after epoch {}; releasing",
        lease.id(),
        lease.cancel ? "cancelled" : "shutting down",
        m.epoch());
    return lease.end(Ending.RELEASED, null, true);
  }

  private void upload(byte[] bytes) {
    api.uploadCheckpoint(lease.id(), m.epoch(), lease.job.leaseToken(), bytes);
    lease.checkpointedEpoch = m.epoch();
    lease.checkpointedAt = System.nanoTime();
  }

  private void rethrowUnreadable() throws Exception {
    if (unreadable instanceof Exception e) {
      throw e;
    }
    if (unreadable instanceof Error e) {
      throw e;
    }
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }
}
