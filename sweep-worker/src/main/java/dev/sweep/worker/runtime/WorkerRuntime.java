package dev.sweep.worker.runtime;

import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.contract.WorkerRegistration;
import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.data.FashionMnistStore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Registers with the API, then runs one claim loop per slot, each on its own thread. Stopping
 * (SIGTERM closes the Spring context) drains: a slot in the middle of a job finishes the current
 * epoch, checkpoints and reports it, releases the lease, and only then does the process exit.
 *
 * <p>Once every slot has ended, the worker tells the API it left ({@link SweepApiClient#leave}): a
 * slot's claim that stop interrupted is still long-polling on the API, and without that the job it
 * takes there would wait out a lease duration for the reaper.
 *
 * <p>A refused token (401/403) is not retried: the worker says why, stops claiming and hands the
 * reason to {@code onRefused}, which in the worker process exits with {@link #EXIT_TOKEN_REFUSED}.
 */
public class WorkerRuntime implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  /** The process exit code when the API refuses the token: sysexits' EX_CONFIG. */
  public static final int EXIT_TOKEN_REFUSED = 78;

  private final SweepApiClient api;
  private final Trainer trainer;
  private final WorkerProperties.Worker settings;
  private final String workerId;
  private final Consumer<String> onRefused;
  private final List<Thread> slots = new ArrayList<>();
  // slots waiting in a claim's long poll: stopping interrupts them, as an idle slot has nothing to
  // finish (otherwise every stop waits out the poll, 20 s at the end of each ./sweep run)
  private final Set<Thread> claiming = ConcurrentHashMap.newKeySet();
  private final AtomicInteger finishedJobs = new AtomicInteger();
  private volatile boolean draining;
  private volatile boolean running;
  private volatile String refusal;
  // registered since the last start: only then may a claim of ours be waiting on the API
  private volatile boolean joined;
  private Thread coordinator;
  private ScheduledExecutorService heartbeats;
  private ExecutorService reports;

  public WorkerRuntime(
      SweepApiClient api, FashionMnistStore data, WorkerProperties.Worker settings) {
    this(api, data, settings, reason -> {});
  }

  /**
   * @param onRefused called once, with the reason, when the API refuses the token
   */
  public WorkerRuntime(
      SweepApiClient api,
      FashionMnistStore data,
      WorkerProperties.Worker settings,
      Consumer<String> onRefused) {
    this(api, new Dl4jTrainer(data), settings, onRefused);
  }

  /**
   * @param trainer DL4J, or the simulated trainer of {@code --simulate}
   * @param onRefused called once, with the reason, when the API refuses the token
   */
  public WorkerRuntime(
      SweepApiClient api,
      Trainer trainer,
      WorkerProperties.Worker settings,
      Consumer<String> onRefused) {
    this.api = api;
    this.trainer = trainer;
    this.settings = settings;
    this.onRefused = onRefused;
    this.workerId =
        settings.id() != null
            ? settings.id()
            : hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String workerId() {
    return workerId;
  }

  /** Why the API refused this worker's token; null while it has not. */
  public String refusal() {
    return refusal;
  }

  /** Jobs that ended in any way (completed, failed, released, lease lost). */
  public int finishedJobs() {
    return finishedJobs.get();
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    draining = false;
    // one thread per slot, so a heartbeat stuck in retries cannot starve another job's lease
    heartbeats =
        Executors.newScheduledThreadPool(
            settings.effectiveSlots(),
            r -> {
              Thread t = new Thread(r, "sweep-heartbeat");
              t.setDaemon(true);
              return t;
            });
    // each slot's group members report concurrently after an epoch (MemberReports)
    reports =
        MemberReports.executor(
            settings.effectiveSlots() * Math.min(settings.maxGroup(), MemberReports.PER_SLOT));
    coordinator = new Thread(this::registerAndStartSlots, "sweep-worker");
    coordinator.start();
  }

  private void registerAndStartSlots() {
    int n = settings.effectiveSlots();
    trainer.prepare(n);
    Thread warmUp = new Thread(this::warmUp, "sweep-data-load");
    warmUp.setDaemon(true);
    warmUp.start();
    WorkerRegistered registered = null;
    while (registered == null && !draining) {
      try {
        registered =
            api.register(new WorkerRegistration(workerId, hostname(), n, trainer.backend()));
      } catch (TokenRefusedException e) {
        refused(e);
        return;
      } catch (RuntimeException e) {
        log.warn("cannot register with the API yet: {}", e.getMessage());
        pause(settings.idleBackoff());
      }
    }
    if (registered == null) {
      return;
    }
    joined = true;
    Duration interval =
        settings.heartbeatInterval() != null
            ? settings.heartbeatInterval()
            : registered.heartbeatInterval();
    if (interval == null || interval.isZero() || interval.isNegative()) {
      interval = Duration.ofSeconds(10);
    }
    log.info("worker {} registered; {} slot(s), heartbeat every {}", workerId, n, interval);
    JobRunner runner =
        new JobRunner(
            api,
            trainer,
            heartbeats,
            interval,
            () -> draining,
            settings.checkpointEvery(),
            reports);
    synchronized (slots) {
      for (int i = 0; i < n && !draining; i++) {
        Thread t = new Thread(() -> slotLoop(runner), "sweep-slot-" + (i + 1));
        slots.add(t);
        t.start();
      }
    }
  }

  private void slotLoop(JobRunner runner) {
    while (!draining) {
      List<JobAssignment> claimed;
      claiming.add(Thread.currentThread());
      try {
        if (draining) {
          break; // stop ran before this slot registered as claiming
        }
        claimed = api.claimGroup(workerId, settings.claimWait(), settings.maxGroup());
      } catch (TokenRefusedException e) {
        refused(e);
        break;
      } catch (RuntimeException e) {
        if (draining) {
          break; // the long poll was interrupted by stop
        }
        log.warn("claim failed: {}", e.getMessage());
        pause(settings.idleBackoff());
        continue;
      } finally {
        synchronized (claiming) {
          claiming.remove(Thread.currentThread());
        }
        Thread.interrupted(); // an interrupt meant for the poll must not reach the training
      }
      if (claimed.isEmpty()) {
        continue;
      }
      if (draining) {
        for (JobAssignment job : claimed) {
          try {
            api.release(job.jobId(), new JobOutcome(job.leaseToken(), null, true));
          } catch (RuntimeException e) {
            log.warn(
                "job {}: could not release while shutting down: {}", job.jobId(), e.getMessage());
          }
        }
        break;
      }
      for (JobAssignment job : claimed) {
        log.info(
            "job {} claimed{} (attempt {}, {} epochs, resume after {})",
            job.jobId(),
            claimed.size() > 1 ? " in a fused group of " + claimed.size() : "",
            job.attempt(),
            job.plannedEpochs(),
            job.resumeFromEpoch());
      }
      Map<Long, JobRunner.Ending> endings;
      try {
        endings = runner.run(claimed);
      } catch (TokenRefusedException e) {
        refused(e);
        break;
      }
      finishedJobs.addAndGet(endings.size());
      endings.forEach((id, ending) -> log.info("job {}: {}", id, ending));
    }
  }

  /**
   * Loads the dataset while registering and claiming: when the launcher starts the API and the
   * worker together, this overlaps the API's start-up instead of delaying the first job (which
   * waits for the load in progress). A failure here is left to the first job, which reports it.
   */
  private void warmUp() {
    try {
      trainer.warmUp();
    } catch (RuntimeException e) {
      log.warn("Fashion-MNIST not loaded ahead of the first job: {}", e.getMessage());
    }
  }

  /** Stops claiming for good; the first refusal is the one reported. */
  private void refused(TokenRefusedException e) {
    synchronized (this) {
      if (refusal != null) {
        draining = true;
        return;
      }
      refusal =
          "the API at "
              + api.baseUrl()
              + " refused this worker's token ("
              + e.getMessage()
              + "). "
              + (api.hasToken()
                  ? "SWEEP_API_TOKEN must be a worker token: the API's SWEEP_WORKER_TOKEN, or one"
                      + " made with: sweep token create --role worker"
                  : "SWEEP_API_TOKEN is not set: give the worker a worker token (the API's"
                      + " SWEEP_WORKER_TOKEN, or one made with: sweep token create --role worker)");
      draining = true;
    }
    log.error("{}. Stopping the worker.", refusal);
    onRefused.accept(refusal);
  }

  @Override
  public void stop(Runnable callback) {
    draining = true;
    wakeIdleSlots();
    Thread waiter =
        new Thread(
            () -> {
              awaitSlots();
              callback.run();
            },
            "sweep-drain");
    waiter.start();
  }

  @Override
  public void stop() {
    draining = true;
    wakeIdleSlots();
    awaitSlots();
  }

  private void wakeIdleSlots() {
    synchronized (claiming) {
      claiming.forEach(Thread::interrupt);
    }
  }

  private void awaitSlots() {
    try {
      if (coordinator != null) {
        coordinator.join();
      }
      List<Thread> copy;
      synchronized (slots) {
        copy = new ArrayList<>(slots);
      }
      for (Thread t : copy) {
        t.join();
      }
      leave();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        if (heartbeats != null) {
          heartbeats.shutdownNow();
        }
        if (reports != null) {
          reports.shutdown(); // the slots have ended: no report is left in it
        }
        synchronized (slots) {
          slots.clear();
        }
        running = false;
      }
      log.info("worker {} stopped", workerId);
    }
  }

  /**
   * Best effort: an API that cannot be reached is logged, and its jobs come back when their leases
   * expire, as before. Not after a refused token (the call would be refused too).
   */
  private void leave() {
    if (!joined || refusal != null) {
      return;
    }
    joined = false;
    try {
      api.leave(workerId);
    } catch (RuntimeException e) {
      log.warn(
          "could not tell the API that worker {} left: {}; a job its last claim took waits for"
              + " its lease to expire",
          workerId,
          e.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    try {
      while (!draining && System.nanoTime() < until) {
        Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "worker";
    }
  }
}
