package dev.sweep.worker.runtime;

import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TrialTarget;
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
 *
 * <p>After an epoch the slot thread reads, member by member, what their calls carry (checkpoints,
 * models: the group's arrays are not thread-safe); then every member makes its calls at once, in
 * its own task ({@link MemberReport}, {@link MemberReports}), and the slot waits for them all
 * before it drops the members that left.
 */
final class GroupTraining {
  private static final Logger log = LoggerFactory.getLogger(GroupTraining.class);

  private final SweepApiClient api;
  private final Trainer trainer;
  private final BooleanSupplier draining;
  private final long checkpointEveryNanos;
  private final MemberReports reports;

  GroupTraining(
      SweepApiClient api,
      Trainer trainer,
      BooleanSupplier draining,
      Duration checkpointEvery,
      MemberReports reports) {
    this.api = api;
    this.reports = reports;
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
      // slot thread, in member order: what each member's calls carry is read from the group
      List<MemberReport> ends = new ArrayList<>();
      for (Map.Entry<Long, EpochMetrics> e : epoch.trained().entrySet()) {
        Lease lease = leases.get(e.getKey());
        MemberReport r =
            new MemberReport(api, draining, lease, e.getValue(), tests.get(e.getKey()));
        r.prepare(group, checkpointDue(lease));
        ends.add(r);
      }
      Map<MemberReport, Ending> endings = reports.run(ends, MemberReport::send);
      // a drain that began during the reports: the checkpoints its releases keep, read here
      List<MemberReport> releasing = ends.stream().filter(MemberReport::wantsCheckpoint).toList();
      releasing.forEach(r -> r.prepareRelease(group));
      endings.putAll(reports.run(releasing, MemberReport::release));
      List<Long> leaving = new ArrayList<>();
      endings.forEach(
          (r, ending) -> {
            if (ending != null) {
              leaving.add(r.lease.id());
            }
          });
      if (!leaving.isEmpty()) {
        group.drop(leaving);
      }
    }
  }

  private boolean checkpointDue(Lease lease) {
    return System.nanoTime() - lease.checkpointedAt >= checkpointEveryNanos;
  }

  static boolean endsATrial(JobAssignment job, int epoch) {
    for (TrialTarget t : job.trials()) {
      if (t.epochs() == epoch) {
        return true;
      }
    }
    return false;
  }
}
