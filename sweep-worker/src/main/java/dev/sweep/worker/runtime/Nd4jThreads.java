package dev.sweep.worker.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the cores between the slots: with two slots on two cores each job's ops and BLAS calls run
 * on one thread, instead of two jobs each spinning up two threads and fighting for the cores.
 */
public final class Nd4jThreads {
  private static final Logger log = LoggerFactory.getLogger(Nd4jThreads.class);

  private Nd4jThreads() {}

  public static int limitForSlots(int slots) {
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = Math.max(1, cores / Math.max(1, slots));
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
      log.warn("OMP_WAIT_POLICY is not PASSIVE; spinning OpenMP threads make epochs 2-3x slower");
    }
    log.info("{} slot(s) on {} core(s): {} ND4J thread(s) per slot", slots, cores, threads);
    return threads;
  }
}
