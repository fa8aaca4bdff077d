package dev.sweep.worker.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JavaCPP settings that must be made before ND4J is first touched.
 *
 * <p>OpenBLAS's kernels: {@link OpenBlasCore}.
 *
 * <p>The natives: JavaCPP loads them from the plain platform folder unless told an extension. A
 * worker built with {@code -Pcuda} carries only the cuDNN build of libnd4j ({@code
 * linux-x86_64-cudnn}), so the extension is set when that build is on the classpath.
 *
 * <p>The physical-memory check: with {@code org.bytedeco.javacpp.maxPhysicalBytes} at its default,
 * every native allocation reads {@code /proc/self/statm}, and DL4J allocates a shape buffer for
 * every array view, so a training step made hundreds of system calls (7 % of a batch-64 step,
 * measured). It is off unless set; the allocations stay bounded by {@code maxBytes} (the heap size
 * by default), which JavaCPP counts without a system call.
 */
public final class NativeFlavour {
  static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
  static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
  static final String CUDNN_LIB =
      "org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so";
  private static final Logger log = LoggerFactory.getLogger(NativeFlavour.class);

  private NativeFlavour() {}

  public static void select() {
    OpenBlasCore.select();
    if (System.getProperty(PROPERTY) == null
        && NativeFlavour.class.getClassLoader().getResource(CUDNN_LIB) != null) {
      System.setProperty(PROPERTY, "-cudnn");
      log.info("using the cuDNN build of nd4j-cuda");
    }
    if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
      System.setProperty(MAX_PHYSICAL_BYTES, "0");
    }
  }
}
