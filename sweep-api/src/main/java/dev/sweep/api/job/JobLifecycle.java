package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.job.JobEvents.JobEvent;
import dev.sweep.api.job.JobEvents.TrialEvent;
import dev.sweep.api.pruning.Pruner;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TrialTarget;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only writer of job and trial status. Each operation checks the move against {@link
 * JobStatus}'s table (trials follow through {@link TrialStatus}'s), writes the rows through {@link
 * JobStore}, appends its typed events and rolls the sweep status up, all in one transaction: its
 * own, or the caller's. Worker operations are fenced by the lease token: 404 for an unknown job,
 * and the same 409 "stale lease token" for any other refusal, with nothing written.
 */
@Component
public class JobLifecycle {
  private final JobStore store;
  private final LeaseFence fence;
  private final LeaseTokens tokens;
  private final JobEvents events;
  private final SweepStatusRollup rollup;
  private final JobQueueSignal signal;
  private final JobMetrics metrics;
  private final Pruner pruner;
  private final SweepProperties props;
  private final Clock clock;
  private final ResultCache cache;
  private final TransactionTemplate tx;
  private final TrialSource trialSource;

  JobLifecycle(
      JobStore store,
      LeaseFence fence,
      LeaseTokens tokens,
      JobEvents events,
      SweepStatusRollup rollup,
      JobQueueSignal signal,
      JobMetrics metrics,
      Pruner pruner,
      SweepProperties props,
      Clock clock,
      ResultCache cache,
      TransactionTemplate tx,
      // lazy: the source creates trials through JobStore and reads sweeps, and is called back
      @Lazy TrialSource trialSource) {
    this.store = store;
    this.fence = fence;
    this.tokens = tokens;
    this.events = events;
    this.rollup = rollup;
    this.signal = signal;
    this.metrics = metrics;
    this.pruner = pruner;
    this.props = props;
    this.clock = clock;
    this.cache = cache;
    this.tx = tx;
    this.trialSource = trialSource;
  }

  /** A leased job: its row, its stored config text, the trials it serves, the lease's expiry. */
  record Claim(LeasedJob job, String config, List<TrialTarget> trials, Instant leaseExpiresAt) {}

  /**
   * QUEUED to RUNNING: leases the next queued job (longest first, then oldest) to {@code workerId}
   * under a fresh random token. Its unfinished trials show RUNNING from now on without being
   * written.
   */
  Optional<Claim> claim(String workerId) {
    return claimGroup(workerId, 1).stream().findFirst();
  }

  /**
   * QUEUED to RUNNING for a fusion group: leases the next queued job and up to {@code limit - 1}
   * other queued jobs of its group, each under its own fresh random token, and writes their "job"
   * events, all in one statement. Empty when nothing is queued; in claim order (the longest job
   * first).
   *
   * <p>Not {@code @Transactional}: called outside a transaction, the statement commits on its own
   * (a claim is the hottest write, and the transaction manager's begin and commit were a large part
   * of it); inside the caller's, it joins it. Only the rare follow-ups take a transaction of their
   * own: an empty queue lets a bayes sweep sample a trial for this worker, and a sweep's first
   * claims roll its status up right after the claim committed.
   */
  List<Claim> claimGroup(String workerId, int limit) {
    requireTable(JobStatus.QUEUED, JobStatus.RUNNING);
    if (limit < 1) {
      throw new IllegalArgumentException("a claim takes at least one job, asked " + limit);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant expires = now.plus(props.lease().duration());
    List<JobStore.Claimed> claimed =
        store.claimNext(workerId, leaseTokens(limit), Timestamp.from(expires), Timestamp.from(now));
    if (claimed.isEmpty()) {
      claimed = tx.execute(status -> claimSampled(workerId, limit, expires, now));
    }
    if (!claimed.isEmpty() && claimed.get(0).sweepStatus() != SweepStatus.RUNNING) {
      // only a sweep's first claims lock its row: the others leave it as it is (a group is of
      // one sweep)
      rollup.refresh(claimed.get(0).job().sweepId());
    }
    List<Claim> out = new ArrayList<>(claimed.size());
    for (JobStore.Claimed c : claimed) {
      out.add(new Claim(c.job(), c.config(), c.trials(), expires));
    }
    return out;
  }

  /**
   * The queue was empty: a bayes sweep may sample a trial for this worker (constant liar over the
   * running ones), which it then claims in the same transaction. Empty when none was sampled.
   */
  private List<JobStore.Claimed> claimSampled(
      String workerId, int limit, Instant expires, Instant now) {
    TrialSource.Created sampled = trialSource.forIdleWorker();
    if (sampled.created() == 0 || toTrain(sampled) == 0) {
      return List.of();
    }
    return store.claimNext(
        workerId, leaseTokens(limit), Timestamp.from(expires), Timestamp.from(now));
  }

  /** One fresh random lease token per job a claim may take. */
  private long[] leaseTokens(int limit) {
    long[] leaseTokens = new long[limit];
    for (int i = 0; i < limit; i++) {
      leaseTokens[i] = tokens.next();
    }
    return leaseTokens;
  }

  /**
   * Stores an epoch's metrics and extends the lease. The first report of an epoch wins: a repeat (a
   * retry after a lost answer) changes nothing but the lease. The trials ending at a new epoch go
   * from RUNNING to SUCCEEDED with its metrics; their test metrics are then required (400, and
   * nothing is written, without them).
   *
   * <p>A report marked {@link EpochReport#complete() complete} (the planned last epoch, else 400
   * naming {@code complete}) then ends the job as {@link #complete} does, in this transaction, and
   * answers {@code completed}; early termination is not asked (the job ends anyway). The epoch may
   * already be stored (a worker that re-trained it after a lost lease): the job still completes.
   * Its repeat after a lost answer finds the lease ended, like any call after complete: 409 "stale
   * lease token" with nothing written, which the worker takes as its lease's end.
   */
  @Transactional
  public LeaseStatus reportEpoch(long jobId, EpochReport report) {
    LeasedJob job = fence.lock(jobId, report.leaseToken());
    job.requireEpoch("epoch", report.epoch(), 1);
    EpochReportCheck.metrics(report);
    if (report.complete() && report.epoch() != job.plannedEpochs()) {
      throw ApiException.badRequest(
          "complete",
          "complete is only allowed at the planned last epoch "
              + job.plannedEpochs()
              + ", was at epoch "
              + report.epoch());
    }
    Timestamp now = now();
    boolean fresh = store.insertEpoch(jobId, report, now);
    Instant expires = fence.extend(job, report.epoch());
    boolean pruned = false;
    if (fresh) {
      store.startEpoch(jobId, now);
      if (finishTrialsAt(job, report, now)) {
        // results arrived: a bayes sweep samples its next trials from them, in this transaction
        topUp(job.sweepId());
      }
      // early termination decides here, in this transaction, and stops the job with prune();
      // a completing report does not ask it (it never stops a job at its last epoch: nothing
      // left to save, and the job ends below)
      pruned = !report.complete() && pruneAt(job, report.epoch(), now);
    }
    metrics.epochReported(!fresh);
    if (report.complete()) {
      // the row as complete would have locked it after this report: its events show the epoch
      endWith(job.reported(report.epoch()), JobStatus.SUCCEEDED, JobLifecycle::missingResults);
      return new LeaseStatus(expires, job.cancelRequested(), false, true);
    }
    return new LeaseStatus(expires, job.cancelRequested(), pruned, false);
  }

  /**
   * RUNNING to SUCCEEDED. A trial still unfinished never got its epoch reported: it FAILED, and the
   * job keeps the reason, but the job itself succeeded.
   */
  @Transactional
  public void complete(long jobId, long leaseToken) {
    endWith(fence.lock(jobId, leaseToken), JobStatus.SUCCEEDED, JobLifecycle::missingResults);
  }

  /**
   * The run failed: RUNNING to QUEUED with attempt + 1 while attempts remain and the failure is
   * {@code retryable}, else to FAILED; to CANCELLED if the user asked the job to stop.
   */
  @Transactional
  public void fail(long jobId, long leaseToken, String error, boolean retryable) {
    LeasedJob job = fence.lock(jobId, leaseToken);
    String reason =
        error == null || error.isBlank() ? "the worker reported a failure without a reason" : error;
    if (job.cancelRequested()) {
      end(job, JobStatus.CANCELLED, reason);
    } else if (retryable && job.attempt() < job.maxAttempts()) {
      requeue(job, job.attempt() + 1, reason);
    } else {
      end(job, JobStatus.FAILED, reason);
    }
  }

  /**
   * The worker lets go without a verdict (it is shutting down): RUNNING to QUEUED under the same
   * attempt, since the run did nothing wrong; to CANCELLED if the user asked the job to stop.
   */
  @Transactional
  public void release(long jobId, long leaseToken, String reason) {
    LeasedJob job = fence.lock(jobId, leaseToken);
    if (job.cancelRequested()) {
      end(job, JobStatus.CANCELLED, "cancelled by the user");
    } else {
      requeue(job, job.attempt(), reason);
    }
  }

  /**
   * The worker {@code workerId} stopped and said so: each RUNNING job leased to it that it never
   * called about (no heartbeat, no epoch report; a claim whose answer it did not read, as a long
   * poll it abandoned when it stopped) goes from RUNNING to QUEUED at once under the same attempt,
   * as an unheard expired lease would a lease duration later; to CANCELLED if it was asked to stop.
   * Not counted in {@code unheard_requeues}: that cap guards against a job that kills its worker
   * before its first heartbeat, and a worker that said it left did not die. A job the worker did
   * call about is left alone: its slot released or ended it already, or its lease expires as usual.
   *
   * @return how many jobs were put back (or cancelled)
   */
  @Transactional
  public int leave(String workerId) {
    List<LeasedJob> unheard = store.lockUnheard(workerId);
    for (LeasedJob job : unheard) {
      if (job.cancelRequested()) {
        end(job, JobStatus.CANCELLED, "cancelled by the user");
      } else {
        requeue(
            job,
            job.attempt(),
            "worker "
                + workerId
                + " stopped before it confirmed its claim; put back at once, not counted as an"
                + " attempt");
      }
    }
    return unheard.size();
  }

  /**
   * The reaper found {@code job}'s lease expired (the row is locked by the caller): RUNNING to
   * QUEUED with attempt + 1, or to FAILED after the last attempt, or to CANCELLED if it was asked
   * to stop. A lease last renewed before the service came back from an outage ({@code
   * acrossOutage}: the API was down, paused or cut off from its database) goes back under the same
   * attempt: its worker could not renew it, so the loss is not charged to it. So does a lease its
   * worker never called about ({@code unheard}: no heartbeat, no epoch report): the claim most
   * likely never reached it (a long-polling claim of a worker that had died took the job). A job
   * gets at most its max attempts of those ({@link JobStore#lockExpired} decides), so one that
   * kills its worker before the first heartbeat still fails in the end.
   *
   * @return the job's new status
   */
  @Transactional(propagation = Propagation.MANDATORY)
  JobStatus expire(LeasedJob job, boolean acrossOutage, boolean unheard) {
    if (job.cancelRequested()) {
      return end(job, JobStatus.CANCELLED, "lease expired while cancelling");
    }
    if (acrossOutage) {
      return requeue(
          job,
          job.attempt(),
          "lease of worker "
              + job.workerId()
              + " lapsed across an outage of the API or its database; not counted as an attempt");
    }
    if (unheard) {
      return requeue(
          job,
          job.attempt(),
          true,
          "worker "
              + job.workerId()
              + " never confirmed its claim (no heartbeat or epoch report before the lease"
              + " expired); not counted as an attempt");
    }
    if (job.attempt() < job.maxAttempts()) {
      return requeue(
          job,
          job.attempt() + 1,
          "lease expired on attempt " + job.attempt() + " (worker " + job.workerId() + ")");
    }
    return end(job, JobStatus.FAILED, "lease expired after " + job.attempt() + " attempts");
  }

  /**
   * The reaper found {@code job}'s current epoch running past {@code limit} (the row is locked by
   * the caller): RUNNING to FAILED, not retried (the same configuration would take as long again),
   * or CANCELLED if it was asked to stop. The worker's next call is refused (409) and it stops.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  JobStatus overdue(LeasedJob job, java.time.Duration limit) {
    if (job.cancelRequested()) {
      return end(job, JobStatus.CANCELLED, "cancelled by the user");
    }
    return end(
        job,
        JobStatus.FAILED,
        "epoch "
            + (job.currentEpoch() + 1)
            + " ran longer than "
            + limit.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
            + " (sweep.limits.epoch-wall-time); not retried");
  }

  /**
   * Cancels a sweep: QUEUED jobs become CANCELLED at once with their trials; RUNNING ones are asked
   * to stop (their worker hears it on its next heartbeat) and end CANCELLED when it lets go or its
   * lease expires. A finished sweep, or a second cancel, changes nothing. 404 for an unknown sweep.
   */
  @Transactional
  public void cancelSweep(long sweepId) {
    if (rollup.status(sweepId).finished()) {
      return;
    }
    requireTable(JobStatus.QUEUED, JobStatus.CANCELLED);
    Timestamp now = now();
    List<LeasedJob> changed = store.cancelSweep(sweepId, now);
    List<Long> cancelled =
        changed.stream().filter(j -> j.status() == JobStatus.CANCELLED).map(LeasedJob::id).toList();
    Map<Long, List<TrialTarget>> trials =
        store.moveTrials(cancelled, JobStatus.QUEUED, TrialStatus.CANCELLED, now);
    rollup.requestCancel(sweepId, now);
    List<JobEvent> jobEvents = new ArrayList<>();
    List<TrialEvent> trialEvents = new ArrayList<>();
    for (LeasedJob job : changed) {
      jobEvents.add(JobEvent.of(job, job.status(), job.attempt(), job.workerId(), null, null));
      for (TrialTarget t : trials.getOrDefault(job.id(), List.of())) {
        trialEvents.add(
            TrialEvent.status(t.trialId(), job.id(), TrialStatus.CANCELLED, t.epochs()));
      }
    }
    // a statement each for all job and all trial events: a large sweep has thousands
    events.jobs(sweepId, jobEvents);
    events.trials(sweepId, trialEvents);
    rollup.refresh(sweepId);
  }

  /**
   * RUNNING to PRUNED: early termination stops a job at a rung, inside the transaction that stored
   * the rung's epoch or in one of its own. Its unfinished trials become PRUNED; trials that already
   * ended keep their results. The lease ends, so the worker's next call is refused (409) and it
   * stops; the job's checkpoints stay for {@link #resume}. 409 unless the job is RUNNING.
   */
  @Transactional
  public void prune(long jobId) {
    LeasedJob job = store.lock(jobId).orElseThrow(() -> ApiException.notFound("job", jobId));
    require(job, JobStatus.RUNNING, JobStatus.PRUNED);
    end(job, JobStatus.PRUNED, null);
  }

  /**
   * PRUNED to QUEUED: a pruned job trains on (from its newest checkpoint) and its PRUNED trials are
   * QUEUED again. 409 unless the job is PRUNED and its sweep was not cancelled.
   */
  @Transactional
  public void resume(long jobId) {
    LeasedJob job = store.lock(jobId).orElseThrow(() -> ApiException.notFound("job", jobId));
    require(job, JobStatus.PRUNED, JobStatus.QUEUED);
    if (rollup.cancelRequested(job.sweepId())) {
      throw ApiException.conflict("sweep " + job.sweepId() + " was cancelled");
    }
    Timestamp now = now();
    List<TrialTarget> trials =
        store.moveTrials(job.id(), JobStatus.PRUNED, TrialStatus.QUEUED, now);
    String kept = store.requeue(job.id(), JobStatus.PRUNED, job.attempt(), false, null, now);
    events.job(job.sweepId(), JobEvent.of(job, JobStatus.QUEUED, job.attempt(), null, kept, null));
    events.trials(job.sweepId(), job.id(), TrialStatus.QUEUED, trials);
    rollup.refresh(job.sweepId());
    signal.jobsQueued();
  }

  /**
   * Early termination, in the transaction that stored the epoch: if the sweep's rule stops the job
   * at this rung, RUNNING to PRUNED (the trials that ended here already SUCCEEDED). A job asked to
   * cancel is left to end CANCELLED.
   */
  private boolean pruneAt(LeasedJob job, int epoch, Timestamp now) {
    if (job.cancelRequested()
        || pruner.judge(job.sweepId(), job.id(), epoch, job.plannedEpochs(), now).isEmpty()) {
      return false;
    }
    end(job, JobStatus.PRUNED, null);
    return true;
  }

  /** Returns whether trials ended at this epoch. */
  private boolean finishTrialsAt(LeasedJob job, EpochReport report, Timestamp now) {
    JobStore.EpochTrials trials = store.finishTrialsAt(job.id(), report, now);
    if (!trials.ended().isEmpty() && report.test() == null) {
      // rolls the epoch row back too: the report is refused as a whole
      throw ApiException.badRequest(
          "test", "test metrics are required at epoch " + report.epoch() + ": trials end there");
    }
    events.epoch(job.sweepId(), JobEvents.EpochEvent.of(job.id(), report, trials.curve()));
    events.trials(
        job.sweepId(),
        trials.ended().stream().map(id -> TrialEvent.succeeded(id, job.id(), report)).toList());
    return !trials.ended().isEmpty();
  }

  /**
   * Lets the sweep's trial source sample new trials (bayes) and serves those from the result cache
   * where it can; cache hits end trials at once, so it samples again, a few rounds at most.
   */
  private void topUp(long sweepId) {
    for (int round = 0; round < 5; round++) {
      TrialSource.Created created = trialSource.topUp(sweepId);
      if (created.created() == 0 || toTrain(created) > 0) {
        return;
      }
    }
  }

  /** Serves new jobs from the result cache if the sweep uses it; returns how many must train. */
  private int toTrain(TrialSource.Created created) {
    int served = created.cache() ? reuse(created.jobIds()) : 0;
    int left = created.created() - served;
    if (left > 0) {
      signal.jobsQueued();
    }
    return left;
  }

  /**
   * QUEUED to SUCCEEDED without training, for the sweep's jobs that never ran and that a finished
   * run in any sweep can serve ({@link ResultCache}). Their epoch rows are copied, marked reused
   * and linked to the job that trained them; their trials take that run's results. Returns how many
   * jobs were served.
   */
  @Transactional
  public int reuseCached(long sweepId) {
    int served = reuse(cache.pending(sweepId, null));
    if (served > 0) {
      // a bayes sweep whose first trials were all served samples their successors
      topUp(sweepId);
      rollup.refresh(sweepId);
    }
    return served;
  }

  private int reuse(Long[] jobIds) {
    return jobIds.length == 0 ? 0 : reuse(cache.pending(null, jobIds));
  }

  private int reuse(ResultCache.Pending pending) {
    requireTable(JobStatus.QUEUED, JobStatus.SUCCEEDED);
    List<ResultCache.Hit> hits = cache.lookup(pending.wanted());
    if (hits.isEmpty()) {
      return 0;
    }
    Map<Long, Long> sourceOf = new java.util.HashMap<>();
    for (ResultCache.Hit hit : hits) {
      sourceOf.put(pending.jobIds().get(hit.index()), hit.source());
    }
    Timestamp now = now();
    List<LeasedJob> moved =
        store.reuse(
            sourceOf.keySet().toArray(Long[]::new), sourceOf.values().toArray(Long[]::new), now);
    if (moved.isEmpty()) {
      return 0;
    }
    Long[] ids = moved.stream().map(LeasedJob::id).toArray(Long[]::new);
    Long[] sources = moved.stream().map(j -> sourceOf.get(j.id())).toArray(Long[]::new);
    store.copyEpochs(ids, sources, now);
    List<TrialEvent> trials = store.finishReusedTrials(ids, sources, now);
    Map<Long, Long> sweepOf = new java.util.HashMap<>();
    moved.forEach(j -> sweepOf.put(j.id(), j.sweepId()));
    moved.stream()
        .collect(Collectors.groupingBy(LeasedJob::sweepId))
        .forEach(
            (sweepId, jobs) ->
                events.jobs(
                    sweepId,
                    jobs.stream()
                        .map(
                            j -> JobEvent.of(j, JobStatus.SUCCEEDED, j.attempt(), null, null, null))
                        .toList()));
    trials.stream()
        .collect(Collectors.groupingBy(t -> sweepOf.get(t.jobId())))
        .forEach(events::trials);
    // callers roll the sweep up once they have sampled what the served trials free up
    return moved.size();
  }

  /** RUNNING to QUEUED without a lease; the unfinished trials follow without being written. */
  private JobStatus requeue(LeasedJob job, int attempt, String error) {
    return requeue(job, attempt, false, error);
  }

  private JobStatus requeue(LeasedJob job, int attempt, boolean unheard, String error) {
    require(job, JobStatus.RUNNING, JobStatus.QUEUED);
    String kept = store.requeue(job.id(), JobStatus.RUNNING, attempt, unheard, error, now());
    events.job(
        job.sweepId(),
        JobEvent.of(job, JobStatus.QUEUED, attempt, null, kept, store.unfinishedTrials(job.id())));
    signal.jobsQueued();
    return JobStatus.QUEUED;
  }

  private JobStatus end(LeasedJob job, JobStatus to, String error) {
    return endWith(job, to, moved -> error);
  }

  /**
   * Ends a run in {@code to}: its unfinished trials move as the table says, then the job, with the
   * error {@code reason} derives from the moved trials.
   */
  private JobStatus endWith(
      LeasedJob job, JobStatus to, Function<List<TrialTarget>, String> reason) {
    require(job, job.status(), to);
    Timestamp now = now();
    TrialStatus trialsTo = to.unfinishedTrials();
    List<TrialTarget> moved = store.moveTrials(job.id(), job.status(), trialsTo, now);
    String error = reason.apply(moved);
    store.end(job.id(), job.status(), to, error, now);
    events.job(job.sweepId(), JobEvent.of(job, to, job.attempt(), job.workerId(), error, null));
    events.trials(job.sweepId(), job.id(), trialsTo, moved);
    if (to != JobStatus.CANCELLED && !moved.isEmpty()) {
      // failed or pruned trials free their slots too: a bayes sweep samples their successors
      topUp(job.sweepId());
    }
    rollup.refresh(job.sweepId());
    return to;
  }

  private static String missingResults(List<TrialTarget> failed) {
    if (failed.isEmpty()) {
      return null;
    }
    return "completed, but no metrics were reported for epochs "
        + failed.stream()
            .map(t -> String.valueOf(t.epochs()))
            .distinct()
            .collect(Collectors.joining(", "))
        + " (trials "
        + failed.stream().map(t -> String.valueOf(t.trialId())).collect(Collectors.joining(", "))
        + ")";
  }

  /** 409 unless the job is in {@code from} and the table allows {@code from -> to}. */
  private static void require(LeasedJob job, JobStatus from, JobStatus to) {
    if (job.status() != from || !from.canMoveTo(to)) {
      throw ApiException.conflict(
          "job " + job.id() + " is " + job.status() + " and cannot become " + to);
    }
  }

  /** For statements that pick their rows by status: the move they make must be in the table. */
  private static void requireTable(JobStatus from, JobStatus to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException(from + " -> " + to + " is not in the job status table");
    }
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
