package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.worker.model.DirectGemm.Block;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * cblas_sgemm on blocks as a fused layer hands them over (row-major activations and one trial's
 * columns of them, column-major weights and one trial's columns of those, transposed operands)
 * against DL4J's matmul op on the same views, bit for bit.
 */
class DirectGemmTest {
  @ParameterizedTest(name = "a {0} ta {1}, b {2} tb {3}, c {4}, beta {5}")
  @CsvSource({
    "c, false, f, false, c, 0", // forward, input shared: x W
    "c, false, fcols, false, ccols, 0", // forward, one trial's columns
    "ccols, false, fcols, false, ccols, 1", // accumulating
    "ccols, true, ccols, false, fcols, 0", // weight gradient: xᵀ delta
    "c, true, c, false, f, 0",
    "ccols, false, fcols, true, ccols, 0", // input gradient: delta Wᵀ
    "f, false, c, false, c, 0",
    "c, false, c, true, c, 0"
  })
  void agreesWithDl4jsMatmul(String la, boolean ta, String lb, boolean tb, String lc, double beta) {
    Nd4j.getRandom().setSeed(3);
    int m = 37;
    int k = 29;
    int n = 23;
    Block a = block(la, ta ? k : m, ta ? m : k);
    Block b = block(lb, tb ? n : k, tb ? k : n);
    Block ours = block(lc, m, n);
    Block theirs = new Block(ours.array().dup(ours.array().ordering()), ours.from(), ours.cols());
    Nd4j.exec(
        new Mmul(
            view(a),
            view(b),
            view(theirs),
            1.0,
            beta,
            MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));

    assertThat(DirectGemm.gemm(a, b, ours, ta, tb, 1f, (float) beta)).isTrue();

    assertThat(Bits.of(ours.array())).isEqualTo(Bits.of(theirs.array()));
  }

  /**
   * rows x cols as a whole 'c' or 'f' array, or as the middle columns of a 'c' or 'f' array three
   * times as wide (a fused trial's).
   */
  private static Block block(String layout, int rows, int cols) {
    char order = layout.charAt(0);
    if (layout.endsWith("cols")) {
      return new Block(Nd4j.randn(DataType.FLOAT, rows, 3L * cols).dup(order), cols, cols);
    }
    return Block.whole(Nd4j.randn(DataType.FLOAT, rows, cols).dup(order));
  }

  private static INDArray view(Block b) {
    return b.array().get(NDArrayIndex.all(), NDArrayIndex.interval(b.from(), b.from() + b.cols()));
  }
}
