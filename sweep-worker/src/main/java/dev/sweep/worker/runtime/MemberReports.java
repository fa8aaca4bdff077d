package dev.sweep.worker.runtime;

import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.runtime.JobRunner.Ending;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step of a group's member reports at once, one task per member, and waits for them all.
 * The calls are latency, not work of the slot (the API often shares the worker's cores), so a
 * group's members overlap their waits instead of adding them up. Each member's failure ends that
 * member alone, as when the slot made the calls itself; a refused token is rethrown once every task
 * has finished, so no member's calls are cut off halfway.
 */
final class MemberReports {
  // the lines are the group's, as when GroupTraining made the calls itself
  private static final Logger log = LoggerFactory.getLogger(GroupTraining.class);

  /** At most this many calls of one slot's group in flight: a group of 64 need not open 64. */
  static final int PER_SLOT = 8;

  /** One member's step, on a report thread: its ending, or null while it trains on. */
  interface Step {
    Ending run(MemberReport report) throws Exception;
  }

  private final ExecutorService executor;

  MemberReports(ExecutorService executor) {
    this.executor = executor;
  }

  /**
   * A bounded pool of daemon threads that end when idle (a runner without a worker, as in tests,
   * has nobody to shut it down). A task the pool refuses (shut down) runs on the caller, so a slot
   * still finishing its group at shutdown sends its reports.
   */
  static ExecutorService executor(int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "sweep-report");
              t.setDaemon(true);
              return t;
            },
            (task, refusing) -> task.run());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Each report's ending (null: it trains on), in the reports' order. */
  Map<MemberReport, Ending> run(List<MemberReport> reports, Step step) {
    List<Future<Ending>> tasks = new ArrayList<>();
    for (MemberReport r : reports) {
      tasks.add(executor.submit(() -> settle(r, step)));
    }
    Map<MemberReport, Ending> endings = new LinkedHashMap<>();
    // a refused token (or an Error) is rethrown only when no task can still write its lease
    RuntimeException refused = null;
    Error error = null;
    for (int i = 0; i < reports.size(); i++) {
      try {
        endings.put(reports.get(i), await(tasks.get(i)));
      } catch (RuntimeException e) {
        refused = refused == null ? e : refused;
      } catch (Error e) {
        error = error == null ? e : error;
      }
    }
    if (error != null) {
      throw error;
    }
    if (refused != null) {
      throw refused; // not the job's fault: the worker stops (WorkerRuntime), the leases expire
    }
    return endings;
  }

  private static Ending settle(MemberReport r, Step step) {
    Lease lease = r.lease;
    try {
      return step.run(r);
    } catch (LeaseLostException ex) {
      log.info("job {}: lease lost ({}); stopping", lease.id(), ex.getMessage());
      return lease.end(Ending.LEASE_LOST, null, true);
    } catch (TokenRefusedException ex) {
      throw ex;
    } catch (Exception | OutOfMemoryError ex) {
      return JobRunner.fail(lease, ex);
    }
  }

  /**
   * Waits through interrupts: the slot must not touch the group or the leases while a task may
   * still write them. An interrupt is kept for whoever looks next.
   */
  private static Ending await(Future<Ending> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
