package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * cblas_sgemm on views as a fused layer hands them over (row-major activations and their column
 * views, column-major weights, transposed operands) against DL4J's matmul op, bit for bit.
 */
class DirectGemmTest {
  @ParameterizedTest(name = "a {0} ta {1}, b {2} tb {3}, c {4}, beta {5}")
  @CsvSource({
    "c, false, f, false, c, 0", // forward: x W
    "c, false, f, false, cols, 0", // forward, one trial's columns
    "cols, false, f, false, cols, 1", // accumulating
    "cols, true, cols, false, f, 0", // weight gradient: xᵀ delta
    "c, true, c, false, f, 0",
    "cols, false, f, true, cols, 0", // input gradient: delta Wᵀ
    "f, false, c, false, c, 0",
    "c, false, c, true, c, 0"
  })
  void agreesWithDl4jsMatmul(String la, boolean ta, String lb, boolean tb, String lc, double beta) {
    Nd4j.getRandom().setSeed(3);
    int m = 37;
    int k = 29;
    int n = 23;
    INDArray a = matrix(la, ta ? k : m, ta ? m : k);
    INDArray b = matrix(lb, tb ? n : k, tb ? k : n);
    INDArray expected = matrix(lc, m, n);
    INDArray ours = expected.dup(expected.ordering());
    if ("cols".equals(lc)) {
      ours = matrix(lc, m, n);
      ours.assign(expected);
    }
    Nd4j.exec(
        new Mmul(
            a,
            b,
            expected,
            1.0,
            beta,
            MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));

    assertThat(DirectGemm.gemm(a, b, ours, ta, tb, 1f, (float) beta)).isTrue();

    float[] want = expected.dup('c').data().asFloat();
    float[] got = ours.dup('c').data().asFloat();
    for (int i = 0; i < want.length; i++) {
      assertThat(Float.floatToRawIntBits(got[i]))
          .as("element %d", i)
          .isEqualTo(Float.floatToRawIntBits(want[i]));
    }
  }

  /** rows x cols as 'c', 'f', or the middle columns of a wider 'c' array (a fused trial's). */
  private static INDArray matrix(String layout, int rows, int cols) {
    return switch (layout) {
      case "c" -> Nd4j.randn(DataType.FLOAT, rows, cols);
      case "f" -> Nd4j.randn(DataType.FLOAT, rows, cols).dup('f');
      default ->
          Nd4j.randn(DataType.FLOAT, rows, 3L * cols)
              .get(
                  org.nd4j.linalg.indexing.NDArrayIndex.all(),
                  org.nd4j.linalg.indexing.NDArrayIndex.interval(cols, 2L * cols));
    };
  }
}
