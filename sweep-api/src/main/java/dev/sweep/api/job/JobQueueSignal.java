package dev.sweep.api.job;

import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes long-polling claims in this JVM when jobs are queued. Claims also re-poll on a short
 * interval, so a job queued by another API instance (or by code that forgets to signal) is still
 * picked up, only a little later.
 */
@Component
public class JobQueueSignal {
  private final Object monitor = new Object();
  private long generation;

  /**
   * Call after making jobs QUEUED. Inside a transaction the wake-up waits for the commit, so a
   * woken claim can see the new rows.
   */
  public void jobsQueued() {
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

  private void wake() {
    synchronized (monitor) {
      generation++;
      monitor.notifyAll();
    }
  }
}
