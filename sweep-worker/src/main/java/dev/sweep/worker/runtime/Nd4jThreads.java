package dev.sweep.worker.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the cores between the slots: with two slots on two cores each job's ops and BLAS calls run
 * on one thread, instead of two jobs each spinning up two threads and fighting for the cores.
 */
public final class Nd4jThreads {
  private static final Logger log = LoggerFactory.getLogger(Nd4jThreads.class);

  private static volatile int perSlot = 0;

  private Nd4jThreads() {}

  /**
   * Gives the calling slot thread its share for OpenMP too. OpenMP's thread count is a per-thread
   * setting that a new thread takes from the process's start (one per core), not from ND4J's limit:
   * libnd4j's custom ops (softmax, for one) then woke a second OpenMP thread for every call from
   * every slot, which cost about 80 us a call on this machine and a core's share of the other slot.
   * Cheap; call it on the slot's thread before its ops.
   */
  public static void applyToThisThread() {
    int threads = perSlot;
    if (threads > 0 && Nd4j.getEnvironment().isCPU()) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
  }

  public static int limitForSlots(int slots) {
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = Math.max(1, cores / Math.max(1, slots));
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    perSlot = threads;
    applyToThisThread();
    if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
      log.warn("OMP_WAIT_POLICY is not PASSIVE; spinning OpenMP threads make epochs 2-3x slower");
    }
    log.info(
        "{} slot(s) on {} core(s): {} ND4J thread(s) per slot; OpenBLAS kernels: {}",
        slots,
        cores,
        threads,
        OpenBlasCore.active().orElse("(not OpenBLAS)"));
    return threads;
  }
}
