package dev.sweep.worker.runtime;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.TrialTarget;
import dev.sweep.worker.client.ApiCallException;
import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.StoredCheckpoint;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.model.InvalidConfigException;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.TrainingDiverged;
import dev.sweep.worker.training.TrainingStopped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end on the calling thread: resume from the newest checkpoint, then
 * per epoch train, checkpoint, report; heartbeats run meanwhile on the shared scheduler. The lease
 * ends in exactly one of complete, fail, release, or silence when the lease was lost (409) or the
 * report's answer says early termination pruned the job.
 */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final SweepApiClient api;
  private final Trainer trainer;
  private final ScheduledExecutorService heartbeats;
  private final Duration heartbeatInterval;
  private final BooleanSupplier draining;

  JobRunner(
      SweepApiClient api,
      FashionMnistStore data,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining) {
    this(api, new Dl4jTrainer(data), heartbeats, heartbeatInterval, draining);
  }

  JobRunner(
      SweepApiClient api,
      Trainer trainer,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining) {
    this.api = api;
    this.trainer = trainer;
    this.heartbeats = heartbeats;
    this.heartbeatInterval = heartbeatInterval;
    this.draining = draining;
  }

  /** How the lease ended, for logs and tests. */
  enum Ending {
    COMPLETED,
    FAILED,
    RELEASED,
    LEASE_LOST,
    PRUNED
  }

  Ending run(JobAssignment job) {
    JobState state = new JobState(job);
    ScheduledFuture<?> beat =
        heartbeats.scheduleWithFixedDelay(
            () -> beat(state),
            heartbeatInterval.toMillis(),
            heartbeatInterval.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return train(state);
    } catch (LeaseLostException e) {
      log.info("job {}: lease lost ({}); stopping", job.jobId(), e.getMessage());
      return Ending.LEASE_LOST;
    } catch (TokenRefusedException e) {
      throw e; // not the job's fault: the worker stops (WorkerRuntime), the lease expires
    } catch (TrainingStopped e) {
      if (state.lost) {
        return Ending.LEASE_LOST;
      }
      log.info("job {}: cancelled ({}); releasing", job.jobId(), e.getMessage());
      return end(state, Ending.RELEASED, null, true);
    } catch (InvalidConfigException e) {
      return end(state, Ending.FAILED, "invalid configuration: " + e.getMessage(), false);
    } catch (TrainingDiverged e) {
      return end(state, Ending.FAILED, e.getMessage(), false);
    } catch (Exception | OutOfMemoryError e) {
      if (outOfMemory(e)) {
        // the same configuration needs the same memory on the next try: fail at once
        log.warn("job {} ran out of memory", job.jobId(), e);
        return end(state, Ending.FAILED, "out of memory: " + describe(e) + "; not retried", false);
      }
      if (e instanceof ApiCallException api && unreachable(api)) {
        // the API (or its database) was down for longer than the client's retries: not the job's
        // fault, so it goes back to the queue without using up an attempt
        log.warn("job {}: the API is unavailable ({}); releasing", job.jobId(), e.getMessage());
        return end(state, Ending.RELEASED, "the API was unavailable: " + describe(e), true);
      }
      log.warn("job {} failed", job.jobId(), e);
      return end(state, Ending.FAILED, describe(e), true);
    } finally {
      beat.cancel(false);
    }
  }

  private Ending train(JobState state) throws Exception {
    JobAssignment job = state.job;
    ModelFactory.validate(job.config());
    Trainer.Run run = start(job);
    state.currentEpoch = run.completedEpochs();
    BooleanSupplier stop = () -> state.cancel || state.lost;
    while (run.completedEpochs() < job.plannedEpochs()) {
      EpochMetrics m = run.trainEpoch(stop);
      TestMetrics test = null;
      if (endsATrial(job, m.epoch())) {
        LossAndAccuracy t = run.test();
        test = new TestMetrics(t.loss(), t.accuracy());
      }
      api.uploadCheckpoint(job.jobId(), m.epoch(), job.leaseToken(), run.checkpoint());
      byte[] model = test == null ? null : run.exportModel();
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
                  test));
      state.currentEpoch = m.epoch();
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
        log.info(
            "job {}: pruned by early termination at epoch {}; stopping", job.jobId(), m.epoch());
        return Ending.PRUNED;
      }
      if (status != null && status.cancelRequested()) {
        state.cancel = true;
      }
      boolean done = run.completedEpochs() >= job.plannedEpochs();
      if (!done && (state.cancel || draining.getAsBoolean())) {
        log.info(
            "job {}: {} after epoch {}; releasing",
            job.jobId(),
            state.cancel ? "cancelled" : "shutting down",
            m.epoch());
        return end(state, Ending.RELEASED, null, true);
      }
    }
    api.complete(job.jobId(), JobOutcome.ok(job.leaseToken()));
    return Ending.COMPLETED;
  }

  private Trainer.Run start(JobAssignment job) throws Exception {
    // only a checkpoint whose SHA-256 the API recorded and whose configuration is the job's
    Optional<StoredCheckpoint> c = new CheckpointRestorer(api).newestGood(job);
    if (c.isEmpty()) {
      return trainer.start(job.config());
    }
    log.info("job {}: resuming after epoch {}", job.jobId(), c.get().epoch());
    return trainer.resume(job.config(), c.get().bytes());
  }

  static boolean endsATrial(JobAssignment job, int epoch) {
    for (TrialTarget t : job.trials()) {
      if (t.epochs() == epoch) {
        return true;
      }
    }
    return false;
  }

  private void beat(JobState state) {
    if (state.lost) {
      return;
    }
    try {
      LeaseStatus s =
          api.heartbeat(
              state.job.jobId(), new HeartbeatRequest(state.job.leaseToken(), state.currentEpoch));
      if (s != null && s.cancelRequested()) {
        state.cancel = true;
      }
    } catch (LeaseLostException e) {
      log.info("job {}: heartbeat says the lease is lost", state.job.jobId());
      state.lost = true;
    } catch (RuntimeException e) {
      log.warn("job {}: heartbeat failed: {}", state.job.jobId(), e.getMessage());
    }
  }

  private Ending end(JobState state, Ending ending, String error, boolean retryable) {
    if (state.lost) {
      return Ending.LEASE_LOST;
    }
    long id = state.job.jobId();
    JobOutcome outcome = new JobOutcome(state.job.leaseToken(), error, retryable);
    try {
      if (ending == Ending.RELEASED) {
        api.release(id, outcome);
      } else {
        log.warn("job {}: failing ({}retryable): {}", id, retryable ? "" : "not ", error);
        api.fail(id, outcome);
      }
      return ending;
    } catch (LeaseLostException e) {
      return Ending.LEASE_LOST;
    } catch (RuntimeException e) {
      log.warn("job {}: could not {}; the lease will expire: {}", id, ending, e.getMessage());
      return ending;
    }
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

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }

  /** Shared between the training thread and the heartbeat task. */
  private static final class JobState {
    final JobAssignment job;
    volatile int currentEpoch;
    volatile boolean cancel;
    volatile boolean lost;

    JobState(JobAssignment job) {
      this.job = job;
    }
  }
}
