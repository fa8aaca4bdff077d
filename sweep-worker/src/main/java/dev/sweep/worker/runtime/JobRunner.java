package dev.sweep.worker.runtime;

import dev.sweep.contract.JobAssignment;
import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.StoredCheckpoint;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.model.InvalidConfigException;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.training.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a claimed fusion group (or a single job, a group of one) to its end on the calling thread:
 * members resume from their newest checkpoints, then train fused epoch by epoch ({@link
 * GroupTraining}); heartbeats run meanwhile on the shared scheduler, one task per job. Each job's
 * lease ends in exactly one of complete, fail, release, or silence when the lease was lost (409).
 */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final SweepApiClient api;
  private final FashionMnistStore data;
  private final ScheduledExecutorService heartbeats;
  private final Duration heartbeatInterval;
  private final BooleanSupplier draining;
  private final Duration checkpointEvery;

  /** A runner that uploads a checkpoint after every epoch. */
  JobRunner(
      SweepApiClient api,
      FashionMnistStore data,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining) {
    this(api, data, heartbeats, heartbeatInterval, draining, Duration.ZERO);
  }

  /**
   * @param checkpointEvery see {@code sweep.worker.checkpoint-every}
   */
  JobRunner(
      SweepApiClient api,
      FashionMnistStore data,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining,
      Duration checkpointEvery) {
    this.api = api;
    this.data = data;
    this.heartbeats = heartbeats;
    this.heartbeatInterval = heartbeatInterval;
    this.draining = draining;
    this.checkpointEvery = checkpointEvery;
  }

  /** How a lease ended, for logs and tests. */
  enum Ending {
    COMPLETED,
    FAILED,
    RELEASED,
    LEASE_LOST
  }

  Ending run(JobAssignment job) {
    return run(List.of(job)).get(job.jobId());
  }

  /**
   * Trains the jobs of one claim together. Members that resume from different epochs train as
   * separate groups, one after the other (each job's heartbeat keeps its lease meanwhile).
   *
   * @return each job's ending, in claim order
   */
  Map<Long, Ending> run(List<JobAssignment> jobs) {
    Map<Long, Lease> leases = new LinkedHashMap<>();
    for (JobAssignment job : jobs) {
      Lease lease = new Lease(job, api);
      lease.heartbeat =
          heartbeats.scheduleWithFixedDelay(
              lease::beat,
              heartbeatInterval.toMillis(),
              heartbeatInterval.toMillis(),
              TimeUnit.MILLISECONDS);
      leases.put(job.jobId(), lease);
    }
    try {
      GroupTraining training = new GroupTraining(api, data, draining, checkpointEvery);
      for (List<Member> group : resumeGroups(leases)) {
        if (draining.getAsBoolean()) {
          group.forEach(m -> leases.get(m.jobId()).end(Ending.RELEASED, null, true));
        } else {
          training.train(group, leases);
        }
      }
    } finally {
      for (Lease lease : leases.values()) {
        lease.heartbeat.cancel(false);
        if (lease.ending == null) {
          // a bug would otherwise leave the lease to expire without a word
          lease.end(Ending.FAILED, "the worker ended the run without an outcome", true);
        }
      }
    }
    Map<Long, Ending> endings = new LinkedHashMap<>();
    leases.forEach((id, lease) -> endings.put(id, lease.ending));
    return endings;
  }

  /**
   * Validates each job and fetches its checkpoint; the jobs that can train, grouped by the epoch
   * they resume from, the furthest first. A job that cannot is ended here.
   */
  private List<List<Member>> resumeGroups(Map<Long, Lease> leases) {
    Map<Integer, List<Member>> byEpoch = new TreeMap<>(Comparator.reverseOrder());
    for (Lease lease : leases.values()) {
      JobAssignment job = lease.job;
      try {
        ModelFactory.validate(job.config());
        Member member = Member.fresh(job.jobId(), job.config());
        int epoch = 0;
        if (job.resumeFromEpoch() > 0) {
          Optional<StoredCheckpoint> c = api.latestCheckpoint(job.jobId(), job.leaseToken());
          if (c.isPresent()) {
            member = new Member(job.jobId(), job.config(), c.get().bytes());
            epoch = c.get().epoch();
            lease.checkpointedEpoch = epoch;
          } else {
            log.warn(
                "job {}: no checkpoint for epoch {}; starting over",
                job.jobId(),
                job.resumeFromEpoch());
          }
        }
        byEpoch.computeIfAbsent(epoch, e -> new ArrayList<>()).add(member);
      } catch (InvalidConfigException e) {
        lease.end(Ending.FAILED, "invalid configuration: " + e.getMessage(), false);
      } catch (LeaseLostException e) {
        lease.end(Ending.LEASE_LOST, null, true);
      } catch (TokenRefusedException e) {
        throw e; // not the job's fault: the worker stops (WorkerRuntime), the leases expire
      } catch (RuntimeException e) {
        log.warn("job {}: cannot start", job.jobId(), e);
        lease.end(Ending.FAILED, describe(e), true);
      }
    }
    return List.copyOf(byEpoch.values());
  }

  static String describe(Throwable e) {
    String msg =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return msg.length() > 2000 ? msg.substring(0, 2000) : msg;
  }
}
