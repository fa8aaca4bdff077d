package dev.sweep.worker.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c = alpha op(a) op(b) + beta c} straight through OpenBLAS's {@code cblas_sgemm}, on views
 * as they lie. libnd4j's {@code matmul} op, which {@code Mmul} runs, copies a row-major {@code c}
 * (every activation here) to column-major and back around the same call, and each op allocates a
 * native context that the garbage collector then has to trace. The product is OpenBLAS's either
 * way, with the same bits ({@code DirectGemmTest} checks every layout the layers use). Only on the
 * CPU backend, where nd4j-native has loaded OpenBLAS; {@link #gemm} answers false (the caller runs
 * {@code Mmul}) elsewhere, or for arrays BLAS cannot address as they are.
 */
final class DirectGemm {
  private static final int ROW_MAJOR = 101;
  private static final int COL_MAJOR = 102;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;
  private static final MethodHandle SGEMM = sgemm();

  private DirectGemm() {}

  /** True when done; false when nothing was written and the caller must use its op. */
  static boolean gemm(
      INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, float alpha, float beta) {
    if (SGEMM == null || !floatMatrices(a, b, c)) {
      return false;
    }
    // the layout c lies in; each operand in it, or transposed into it
    boolean rowMajor = rowMajor(c);
    if (!rowMajor && !colMajor(c)) {
      return false;
    }
    Operand pa = Operand.of(a, rowMajor, ta);
    Operand pb = Operand.of(b, rowMajor, tb);
    if (pa == null || pb == null) {
      return false;
    }
    int m = (int) c.size(0);
    int n = (int) c.size(1);
    int k = (int) (ta ? a.size(0) : a.size(1));
    try {
      SGEMM.invokeExact(
          rowMajor ? ROW_MAJOR : COL_MAJOR,
          pa.trans ? TRANS : NO_TRANS,
          pb.trans ? TRANS : NO_TRANS,
          m,
          n,
          k,
          alpha,
          pa.data,
          pa.ld,
          pb.data,
          pb.ld,
          beta,
          pointer(c),
          ld(c, rowMajor));
    } catch (Throwable e) {
      throw new IllegalStateException("cblas_sgemm failed", e);
    }
    return true;
  }

  private record Operand(FloatPointer data, int ld, boolean trans) {
    /** The operand in the given layout (transposed if it lies in the other); null if neither. */
    static Operand of(INDArray x, boolean rowMajor, boolean transposed) {
      if (rowMajor ? rowMajor(x) : colMajor(x)) {
        return new Operand(pointer(x), DirectGemm.ld(x, rowMajor), transposed);
      }
      if (rowMajor ? colMajor(x) : rowMajor(x)) {
        return new Operand(pointer(x), DirectGemm.ld(x, !rowMajor), !transposed);
      }
      return null;
    }
  }

  /** Rows one after another, each contiguous: element (i, j) at i * ld + j. */
  private static boolean rowMajor(INDArray x) {
    return (x.size(1) == 1 || x.stride(1) == 1) && (x.size(0) == 1 || x.stride(0) >= x.size(1));
  }

  /** Columns one after another, each contiguous: element (i, j) at i + j * ld. */
  private static boolean colMajor(INDArray x) {
    return (x.size(0) == 1 || x.stride(0) == 1) && (x.size(1) == 1 || x.stride(1) >= x.size(0));
  }

  private static int ld(INDArray x, boolean rowMajor) {
    // a single row (or column) has no second one to stride to: the smallest valid ld
    if (rowMajor) {
      return (int) (x.size(0) == 1 ? Math.max(1, x.size(1)) : x.stride(0));
    }
    return (int) (x.size(1) == 1 ? Math.max(1, x.size(0)) : x.stride(1));
  }

  /** The view's first element (its buffer's address already includes the view's offset). */
  private static FloatPointer pointer(INDArray x) {
    return new FloatPointer(x.data().addressPointer());
  }

  private static boolean floatMatrices(INDArray... xs) {
    for (INDArray x : xs) {
      if (x.rank() != 2 || x.dataType() != DataType.FLOAT || x.length() == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * nd4j-native's own OpenBLAS binding, found at run time: the CUDA backend has none, and the
   * worker compiles against either.
   */
  private static MethodHandle sgemm() {
    if (!Nd4j.getEnvironment().isCPU()) {
      return null;
    }
    try {
      Class<?> blas = Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
      Class<?> fp = FloatPointer.class;
      MethodType type =
          MethodType.methodType(
              void.class,
              int.class,
              int.class,
              int.class,
              int.class,
              int.class,
              int.class,
              float.class,
              fp,
              int.class,
              fp,
              int.class,
              float.class,
              fp,
              int.class);
      return MethodHandles.publicLookup().findStatic(blas, "cblas_sgemm", type);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
