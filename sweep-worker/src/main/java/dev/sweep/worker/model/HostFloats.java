package dev.sweep.worker.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which arrays the Java loops of this package ({@link LeanAdamUpdater}, {@link ActivationBackprop})
 * may read and write through their NIO buffers: float arrays in host memory whose elements are one
 * run of their buffer from their offset, addressable with an int. Anything else goes to DL4J's op.
 */
final class HostFloats {
  private static final boolean CPU = Nd4j.getEnvironment().isCPU();

  private HostFloats() {}

  static boolean contiguous(INDArray... arrays) {
    if (!CPU) {
      return false; // a GPU array's host copy may be stale: the device runs DL4J's op
    }
    for (INDArray a : arrays) {
      if (a.dataType() != DataType.FLOAT
          || a.elementWiseStride() != 1
          || a.offset() + a.length() > Integer.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }
}
