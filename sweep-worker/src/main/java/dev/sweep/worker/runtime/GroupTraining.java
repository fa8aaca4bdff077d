package dev.sweep.worker.runtime;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.TrialTarget;
import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.runtime.JobRunner.Ending;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.GroupEpoch;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.Member;
import dev.sweep.worker.training.TrainingGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of one fused group: each batch is read once for all members; after each epoch
 * every member that trained it is checkpointed (when due) and reported on its own lease. A member
 * that is cancelled, loses its lease, diverges, fails to report or reaches its planned epochs
 * leaves the group alone while the others train on.
 */
final class GroupTraining {
  private static final Logger log = LoggerFactory.getLogger(GroupTraining.class);

  private final SweepApiClient api;
  private final FashionMnistStore data;
  private final BooleanSupplier draining;
  private final long checkpointEveryNanos;

  GroupTraining(
      SweepApiClient api,
      FashionMnistStore data,
      BooleanSupplier draining,
      Duration checkpointEvery) {
    this.api = api;
    this.data = data;
    this.draining = draining;
    this.checkpointEveryNanos = checkpointEvery.toNanos();
  }

  void train(List<Member> members, Map<Long, Lease> leases) {
    TrainingGroup group;
    try {
      group = TrainingGroup.open(members, data.get());
    } catch (Exception | OutOfMemoryError e) {
      log.warn("group of jobs {} cannot start", members.stream().map(Member::jobId).toList(), e);
      members.forEach(m -> leases.get(m.jobId()).end(Ending.FAILED, JobRunner.describe(e), true));
      return;
    }
    long start = System.nanoTime();
    for (Member m : members) {
      Lease lease = leases.get(m.jobId());
      lease.currentEpoch = group.completedEpochs();
      lease.checkpointedAt = start;
      if (group.completedEpochs() > 0) {
        log.info("job {}: resuming after epoch {}", m.jobId(), group.completedEpochs());
      }
      if (group.completedEpochs() >= lease.job.plannedEpochs()) {
        // every epoch was reported before the lease was lost: only the completion is missing
        lease.end(Ending.COMPLETED, null, true);
        group.drop(m.jobId());
      }
    }
    while (!group.jobIds().isEmpty()) {
      GroupEpoch epoch;
      try {
        epoch = group.trainEpoch(id -> leases.get(id).stopNow());
      } catch (Exception | OutOfMemoryError e) {
        log.warn("group of jobs {} failed", group.jobIds(), e);
        group
            .jobIds()
            .forEach(id -> leases.get(id).end(Ending.FAILED, JobRunner.describe(e), true));
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
        } catch (Exception ex) {
          log.warn("job {} failed", lease.id(), ex);
          ending = lease.end(Ending.FAILED, JobRunner.describe(ex), true);
        }
        if (ending != null) {
          group.drop(lease.id());
        }
      }
    }
  }

  /** Checkpoints (when due) and reports one member's epoch; its ending if it leaves the group. */
  private Ending afterEpoch(TrainingGroup group, Lease lease, EpochMetrics m, LossAndAccuracy test)
      throws Exception {
    JobAssignment job = lease.job;
    boolean last = m.epoch() >= job.plannedEpochs();
    if (last || checkpointDue(lease)) {
      checkpoint(group, lease, m.epoch());
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
                test == null ? null : new TestMetrics(test.loss(), test.accuracy())));
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
    if (status != null && status.cancelRequested()) {
      lease.cancel = true;
    }
    if (last) {
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

  private void checkpoint(TrainingGroup group, Lease lease, int epoch) throws Exception {
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

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }
}
