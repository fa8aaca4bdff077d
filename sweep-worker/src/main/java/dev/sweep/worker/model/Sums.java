package dev.sweep.worker.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sums over the rows or columns of a c-order matrix as one product with a ones vector. libnd4j's
 * own column sums of a c-order matrix ({@code sum(0)}) took 5-10x longer than the matrix products
 * of the same layer; a gemv-shaped gemm reads the matrix once, in order.
 */
final class Sums {
  private Sums() {}

  /**
   * {@code out[1, n] = scale * (sum over the rows of m[N, n])}; out must be contiguous. The ones
   * vector is taken from {@code memory} (working memory of the forward or the backward pass).
   */
  static void ofColumns(
      INDArray m, INDArray out, double scale, LayerWorkspaceMgr mgr, ArrayType memory) {
    INDArray ones = ones(mgr, memory, m, new long[] {1, m.size(0)});
    Nd4j.gemm(ones, m, out.reshape('c', 1, m.size(1)), false, false, scale, 0.0);
  }

  /** {@code out[n] = sum over the columns of m[n, N]}; out must be contiguous. Backward only. */
  static void ofRows(INDArray m, INDArray out, LayerWorkspaceMgr mgr) {
    INDArray ones = ones(mgr, ArrayType.BP_WORKING_MEM, m, new long[] {m.size(1), 1});
    Nd4j.gemm(m, ones, out.reshape('c', m.size(0), 1), false, false, 1.0, 0.0);
  }

  private static INDArray ones(
      LayerWorkspaceMgr mgr, ArrayType memory, INDArray like, long[] shape) {
    return mgr.createUninitialized(memory, like.dataType(), shape, 'c').assign(1);
  }
}
