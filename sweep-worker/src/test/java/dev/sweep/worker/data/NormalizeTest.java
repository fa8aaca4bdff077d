package dev.sweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.Normalize;
import dev.sweep.worker.support.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** {@code dataset.normalize} turns each real Fashion-MNIST pixel into (x / 255 - mean) / std. */
class NormalizeTest {
  private final FashionMnist data = TestData.fashionMnist();

  @Test
  void pixelsAreNormalisedAsTheFormulaSaysAndUnchangedWithoutIt() {
    int[] rows = {0, 7, 123};
    DataSet plain = new Batches(3).fill(data.trainImages(), data.trainLabels(), rows, 0, 3);
    float[] x = plain.getFeatures().dup().data().asFloat();
    DataSet normalized =
        new Batches(3, new Normalize(0.286, 0.353))
            .fill(data.trainImages(), data.trainLabels(), rows, 0, 3);
    float[] z = normalized.getFeatures().dup().data().asFloat();

    for (int r = 0; r < rows.length; r++) {
      for (int k = 0; k < FashionMnist.PIXELS; k++) {
        int b = data.trainImages()[rows[r] * FashionMnist.PIXELS + k] & 0xff;
        int i = r * FashionMnist.PIXELS + k;
        assertThat(x[i]).isEqualTo(b / 255f);
        assertThat((double) z[i]).isCloseTo((b / 255.0 - 0.286) / 0.353, within(1e-6));
      }
    }
    assertThat(z).isNotEqualTo(x);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
