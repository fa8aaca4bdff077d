package dev.sweep.worker.runtime;

import dev.sweep.contract.JobAssignment;
import dev.sweep.worker.client.ApiCallException;
import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.StoredCheckpoint;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.data.UnusableDatasetException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a claimed fusion group (or a single job, a group of one) to its end on the calling thread:
 * members resume from their newest good checkpoints ({@link CheckpointRestorer}), then train fused
 * epoch by epoch ({@link GroupTraining}) through the {@link Trainer} (DL4J, or simulated curves);
 * heartbeats run meanwhile on the shared scheduler, one task per job. Each job's lease ends in
 * exactly one of complete, fail, release, or silence when the lease was lost (409) or an epoch
 * report's answer says the API ended it: early termination pruned the job, or the last epoch's
 * report completed it.
 */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final SweepApiClient api;
  private final Trainer trainer;
  private final ScheduledExecutorService heartbeats;
  private final Duration heartbeatInterval;
  private final BooleanSupplier draining;
  private final Duration checkpointEvery;
  private final MemberReports reports;

  /**
   * @param checkpointEvery see {@code sweep.worker.checkpoint-every}
   * @param reports where a group's members make their calls after each epoch, concurrently
   */
  JobRunner(
      SweepApiClient api,
      Trainer trainer,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining,
      Duration checkpointEvery,
      ExecutorService reports) {
    this.api = api;
    this.reports = new MemberReports(reports);
    this.trainer = trainer;
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
    LEASE_LOST,
    PRUNED
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
      // the first beat at once: it tells the API the claim arrived, before anything can crash
      // (a lease never heard from is taken back without costing the job an attempt)
      lease.heartbeat =
          heartbeats.scheduleWithFixedDelay(
              lease::beat, 0, heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
      leases.put(job.jobId(), lease);
    }
    try {
      GroupTraining training = new GroupTraining(api, trainer, draining, checkpointEvery, reports);
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
    CheckpointRestorer restorer = new CheckpointRestorer(api, trainer);
    for (Lease lease : leases.values()) {
      JobAssignment job = lease.job;
      try {
        ModelFactory.validate(job.config());
        Member member = Member.fresh(job.jobId(), job.config());
        int epoch = 0;
        // only a checkpoint whose SHA-256 the API recorded and whose configuration is the job's
        Optional<StoredCheckpoint> c = restorer.newestGood(job);
        if (c.isPresent()) {
          member = new Member(job.jobId(), job.config(), c.get().bytes());
          epoch = c.get().epoch();
          lease.checkpointedEpoch = epoch;
        }
        byEpoch.computeIfAbsent(epoch, e -> new ArrayList<>()).add(member);
      } catch (InvalidConfigException e) {
        lease.end(Ending.FAILED, "invalid configuration: " + e.getMessage(), false);
      } catch (LeaseLostException e) {
        lease.end(Ending.LEASE_LOST, null, true);
      } catch (TokenRefusedException e) {
        throw e; // not the job's fault: the worker stops (WorkerRuntime), the leases expire
      } catch (RuntimeException e) {
        fail(lease, e);
      }
    }
    return List.copyOf(byEpoch.values());
  }

  /**
   * Ends a lease after {@code e}: out of memory fails at once, not retryable (the same
   * configuration needs the same memory on the next try); an unreachable API releases without
   * charging an attempt (not the job's fault); an invalid configuration or a dataset copy that
   * differs from the sweep's fails, not retryable; anything else fails, retryable.
   */
  static Ending fail(Lease lease, Throwable e) {
    if (outOfMemory(e)) {
      log.warn("job {} ran out of memory", lease.id(), e);
      return lease.end(Ending.FAILED, "out of memory: " + describe(e) + "; not retried", false);
    }
    if (e instanceof ApiCallException api && unreachable(api)) {
      log.warn("job {}: the API is unavailable ({}); releasing", lease.id(), e.getMessage());
      return lease.end(Ending.RELEASED, "the API was unavailable: " + describe(e), true);
    }
    if (e instanceof InvalidConfigException) {
      return lease.end(Ending.FAILED, "invalid configuration: " + e.getMessage(), false);
    }
    if (e instanceof UnusableDatasetException) {
      log.warn("job {}: dataset refused: {}", lease.id(), e.getMessage());
      return lease.end(Ending.FAILED, "dataset: " + e.getMessage() + "; not retried", false);
    }
    log.warn("job {} failed", lease.id(), e);
    return lease.end(Ending.FAILED, describe(e), true);
  }

  /** An OutOfMemoryError, also when DL4J or ND4J wrapped it (off-heap allocations fail so too). */
  static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** No answer, or a 5xx (503 while the API's database is down), after every retry. */
  static boolean unreachable(ApiCallException e) {
    return e.status() == 0 || e.status() >= 500;
  }

  static String describe(Throwable e) {
    String msg =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return msg.length() > 2000 ? msg.substring(0, 2000) : msg;
  }
}
