package dev.sweep.worker.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JavaCPP loads natives from the plain platform folder unless told an extension. A worker built
 * with {@code -Pcuda} carries only the cuDNN build of libnd4j ({@code linux-x86_64-cudnn}), so the
 * extension is set when that build is on the classpath. Must run before ND4J is first touched.
 */
public final class NativeFlavour {
  static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
  static final String CUDNN_LIB =
      "org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so";
  private static final Logger log = LoggerFactory.getLogger(NativeFlavour.class);

  private NativeFlavour() {}

  public static void select() {
    if (System.getProperty(PROPERTY) == null
        && NativeFlavour.class.getClassLoader().getResource(CUDNN_LIB) != null) {
      System.setProperty(PROPERTY, "-cudnn");
      log.info("using the cuDNN build of nd4j-cuda");
    }
  }
}
