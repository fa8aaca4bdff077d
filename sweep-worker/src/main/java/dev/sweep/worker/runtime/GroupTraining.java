package dev.sweep.worker.runtime;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.TrialTarget;
import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.runtime.JobRunner.Ending;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.GroupEpoch;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of one fused group: each batch is read once for all members; after each epoch
 * every member that trained it is checkpointed (when due, never at its last epoch) and reported on
 * its own lease. A member that is cancelled, loses its lease, diverges, fails to report or reaches
 * its planned epochs leaves the group alone while the others train on; so does a member whose
 * report answers that early termination pruned it (no further call for it). The report of a
 * member's last epoch asks the API to complete the job with it; only an API that answers it did not
 * hears a complete call.
 */
final class GroupTraining {
  private static final Logger log = LoggerFactory.getLogger(GroupTraining.class);

  private final SweepApiClient api;
  private final Trainer trainer;
  private final BooleanSupplier draining;
  private final long checkpointEveryNanos;

  GroupTraining(
      SweepApiClient api, Trainer trainer, BooleanSupplier draining, Duration checkpointEvery) {
    this.api = api;
    this.trainer = trainer;
    this.draining = draining;
    this.checkpointEveryNanos = checkpointEvery.toNanos();
  }

  void train(List<Member> members, Map<Long, Lease> leases) {
    Trainer.Group group;
    try {
      group = trainer.open(members);
    } catch (TokenRefusedException e) {
      throw e;
    } catch (Exception | OutOfMemoryError e) {
      log.warn("group of jobs {} cannot start", members.stream().map(Member::jobId).toList(), e);
      members.forEach(m -> JobRunner.fail(leases.get(m.jobId()), e));
      return;
    }
    long start = System.nanoTime();
    List<Long> done = new ArrayList<>();
    for (Member m : members) {
      Lease lease = leases.get(m.jobId());
      lease.currentEpoch = group.completedEpochs();
      lease.checkpointedAt = start;
      if (group.completedEpochs() > 0) {
        log.info("job {}: resuming after epoch {}", m.jobId(), group.completedEpochs());
      }
      if (group.completedEpochs() >= lease.job.plannedEpochs()) {
        // every epoch was reported before the lease was lost: only the completion is missing.
        // Only a job reported by an older worker (a last-epoch checkpoint, then report and
        // complete apart) can get here: this worker's last report completes the job itself
        lease.end(Ending.COMPLETED, null, true);
        done.add(m.jobId());
      }
    }
    if (!done.isEmpty()) {
      group.drop(done);
    }
    while (!group.jobIds().isEmpty()) {
      GroupEpoch epoch;
      try {
        epoch = group.trainEpoch(id -> leases.get(id).stopNow());
      } catch (Exception | OutOfMemoryError e) {
        log.warn("group of jobs {} failed", group.jobIds(), e);
        group.jobIds().forEach(id -> JobRunner.fail(leases.get(id), e));
        return;
      }
      for (long id : epoch.stopped()) {
        Lease lease = leases.get(id);
        if (!lease.lost) {
          log.info("job {}: cancelled in epoch {}; releasing", id, epoch.epoch());
        }
        lease.end(lease.lost ? Ending.LEASE_LOST : Ending.RELEASED, null, true);
      }
      epoch.diverged().forEach((id, reason) -> leases.get(id).end(Ending.FAILED, reason, false));
      Map<Long, LossAndAccuracy> tests =
          group.test(
              epoch.trained().keySet().stream()
                  .filter(id -> endsATrial(leases.get(id).job, epoch.epoch()))
                  .toList());
      List<Long> leaving = new ArrayList<>();
      for (Map.Entry<Long, EpochMetrics> e : epoch.trained().entrySet()) {
        Lease lease = leases.get(e.getKey());
        Ending ending;
        try {
          ending = afterEpoch(group, lease, e.getValue(), tests.get(e.getKey()));
        } catch (LeaseLostException ex) {
          log.info("job {}: lease lost ({}); stopping", lease.id(), ex.getMessage());
          ending = lease.end(Ending.LEASE_LOST, null, true);
        } catch (TokenRefusedException ex) {
          throw ex; // not the job's fault: the worker stops (WorkerRuntime), the leases expire
        } catch (Exception | OutOfMemoryError ex) {
          ending = JobRunner.fail(lease, ex);
        }
        if (ending != null) {
          leaving.add(lease.id());
        }
      }
      if (!leaving.isEmpty()) {
        group.drop(leaving);
      }
    }
  }

  /** Checkpoints (when due) and reports one member's epoch; its ending if it leaves the group. */
  private Ending afterEpoch(Trainer.Group group, Lease lease, EpochMetrics m, LossAndAccuracy test)
      throws Exception {
    JobAssignment job = lease.job;
    boolean last = m.epoch() >= job.plannedEpochs();
    // no checkpoint at the last epoch: its report completes the job in the same transaction, so no
    // re-claim can find that epoch reported and the job unfinished (the one resume it served)
    if (!last && checkpointDue(lease)) {
      checkpoint(group, lease, m.epoch());
    }
    byte[] model = test == null ? null : group.exportModel(job.jobId());
    if (model != null) {
      // GET /api/trials/{id}/model serves it; the API cannot build it (it has no DL4J)
      api.uploadModel(job.jobId(), m.epoch(), job.leaseToken(), model);
    }
    LeaseStatus status =
        api.reportEpoch(
            job.jobId(),
            new EpochReport(
                job.leaseToken(),
                m.epoch(),
                m.trainLoss(),
                m.trainAccuracy(),
                m.valLoss(),
                m.valAccuracy(),
                m.seconds(),
                m.samplesPerSecond(),
                test == null ? null : new TestMetrics(test.loss(), test.accuracy()),
                last));
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
      if (!lease.cancel && lease.checkpointedEpoch < m.epoch()) {
        // a drain keeps every reported epoch: the next claim resumes after it
        checkpoint(group, lease, m.epoch());
      }
      log.info(
          "job {}: {} after epoch {}; releasing",
          job.jobId(),
          lease.cancel ? "cancelled" : "shutting down",
          m.epoch());
      return lease.end(Ending.RELEASED, null, true);
    }
    return null;
  }

  private boolean checkpointDue(Lease lease) {
    return System.nanoTime() - lease.checkpointedAt >= checkpointEveryNanos;
  }

  private void checkpoint(Trainer.Group group, Lease lease, int epoch) throws Exception {
    api.uploadCheckpoint(lease.id(), epoch, lease.job.leaseToken(), group.checkpoint(lease.id()));
    lease.checkpointedEpoch = epoch;
    lease.checkpointedAt = System.nanoTime();
  }

  static boolean endsATrial(JobAssignment job, int epoch) {
    for (TrialTarget t : job.trials()) {
      if (t.epochs() == epoch) {
        return true;
      }
    }
    return false;
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }
}
