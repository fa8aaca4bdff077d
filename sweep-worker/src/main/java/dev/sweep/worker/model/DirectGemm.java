package dev.sweep.worker.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c = alpha op(a) op(b) + beta c} straight through OpenBLAS's {@code cblas_sgemm}, on column
 * blocks of arrays addressed in place. A fused layer multiplies each trial's columns: as ND4J views
 * that is three new buffers per product, each registered with ND4J's deallocator service (a map
 * entry, a weak reference, a native view), which every young collection then copies; and libnd4j's
 * {@code matmul} op copies a row-major {@code c} to column-major and back around the same BLAS
 * call. The product is OpenBLAS's either way, with the same bits ({@code DirectGemmTest} checks the
 * layouts the layers use). Only on the CPU backend, where nd4j-native has loaded OpenBLAS; {@link
 * #gemm} answers false (the caller runs DL4J's op) elsewhere, or for arrays BLAS cannot address as
 * they are.
 */
final class DirectGemm {
  private static final int ROW_MAJOR = 101;
  private static final int COL_MAJOR = 102;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;
  private static final MethodHandle SGEMM = sgemm();

  private DirectGemm() {}

  /** Columns {@code [from, from + cols)} of a matrix, in place. */
  record Block(INDArray array, long from, long cols) {
    static Block whole(INDArray x) {
      return new Block(x, 0, x.rank() == 2 ? x.size(1) : 0);
    }

    long rows() {
      return array.size(0);
    }

    /** Rows one after another, each contiguous: element (i, j) at i * ld + j. */
    boolean rowMajor() {
      return (cols == 1 || array.stride(1) == 1) && (rows() == 1 || array.stride(0) >= cols);
    }

    /** Columns one after another, each contiguous: element (i, j) at i + j * ld. */
    boolean colMajor() {
      return (rows() == 1 || array.stride(0) == 1) && (cols == 1 || array.stride(1) >= rows());
    }

    int ld(boolean rowMajor) {
      // a single row (or column) has no second one to stride to: the smallest valid ld
      if (rowMajor) {
        return (int) (rows() == 1 ? Math.max(1, cols) : array.stride(0));
      }
      return (int) (cols == 1 ? Math.max(1, rows()) : array.stride(1));
    }

    /** The block's first element: the array's buffer address already includes its offset. */
    FloatPointer pointer() {
      FloatPointer p = new FloatPointer(array.data().addressPointer());
      return from == 0 ? p : p.position(from * array.stride(1));
    }
  }

  /** True when done; false when nothing was written and the caller must use its op. */
  static boolean gemm(Block a, Block b, Block c, boolean ta, boolean tb, float alpha, float beta) {
    if (SGEMM == null || !floatMatrices(a, b, c)) {
      return false;
    }
    // the layout c lies in; each operand in it, or transposed into it
    boolean rowMajor = c.rowMajor();
    if (!rowMajor && !c.colMajor()) {
      return false;
    }
    boolean aAsIs = rowMajor ? a.rowMajor() : a.colMajor();
    boolean bAsIs = rowMajor ? b.rowMajor() : b.colMajor();
    if ((!aAsIs && !(rowMajor ? a.colMajor() : a.rowMajor()))
        || (!bAsIs && !(rowMajor ? b.colMajor() : b.rowMajor()))) {
      return false;
    }
    try {
      SGEMM.invokeExact(
          rowMajor ? ROW_MAJOR : COL_MAJOR,
          ta == aAsIs ? TRANS : NO_TRANS,
          tb == bAsIs ? TRANS : NO_TRANS,
          (int) c.rows(),
          (int) c.cols(),
          (int) (ta ? a.rows() : a.cols()),
          alpha,
          a.pointer(),
          a.ld(aAsIs == rowMajor),
          b.pointer(),
          b.ld(bAsIs == rowMajor),
          beta,
          c.pointer(),
          c.ld(rowMajor));
    } catch (Throwable e) {
      throw new IllegalStateException("cblas_sgemm failed", e);
    }
    return true;
  }

  private static boolean floatMatrices(Block... blocks) {
    for (Block b : blocks) {
      INDArray x = b.array();
      if (x.rank() != 2
          || x.dataType() != DataType.FLOAT
          || b.rows() == 0
          || b.cols() <= 0
          || b.from() < 0
          || b.from() + b.cols() > x.size(1)) {
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
