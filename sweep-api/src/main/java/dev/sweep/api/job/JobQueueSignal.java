package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes long-polling claims when jobs are queued: at once in this JVM (after the commit), and, with
 * {@code sweep.queue.cross-instance}, in every API instance on the same database through a
 * PostgreSQL {@code NOTIFY} on {@link #CHANNEL} (sent in the queuing transaction, so PostgreSQL
 * delivers it only if that commits; {@link QueueListener} receives it). Claims also re-poll every
 * {@code sweep.queue.poll}, so a lost notification only delays a claim.
 */
@Component
public class JobQueueSignal {
  static final String CHANNEL = "sweep_jobs_queued";

  private final Object monitor = new Object();
  private final JdbcTemplate jdbc;
  private final SweepProperties props;
  private long generation;

  JobQueueSignal(JdbcTemplate jdbc, SweepProperties props) {
    this.jdbc = jdbc;
    this.props = props;
  }

  /**
   * Call after making jobs QUEUED. Inside a transaction the wake-up waits for the commit, so a
   * woken claim can see the new rows.
   */
  public void jobsQueued() {
    if (props.queue().crossInstance()) {
      // NOTIFY is transactional: the other instances hear it on commit, or never on rollback
      jdbc.execute("NOTIFY " + CHANNEL);
    }
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              wake();
            }
          });
    } else {
      wake();
    }
  }

  long generation() {
    synchronized (monitor) {
      return generation;
    }
  }

  /** Waits until a signal newer than {@code seen} arrives, or the timeout passes. */
  void await(long seen, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (monitor) {
      long left = timeoutNanos;
      while (generation == seen && left > 0) {
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
        left = deadline - System.nanoTime();
      }
    }
  }

  /** Wakes every waiting claim in this JVM (also called by {@link QueueListener}). */
  void wake() {
    synchronized (monitor) {
      generation++;
      monitor.notifyAll();
    }
  }
}
