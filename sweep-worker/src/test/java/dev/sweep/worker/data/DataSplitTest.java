package dev.sweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.worker.support.TestData;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitTest {
  @Test
  void trainAndValidationAreDisjointAndCoverEverything() {
    DataSplit s = DataSplit.of(new DatasetSpec("fashion-mnist", 10_000, null, 1L), 60_000);

    assertThat(s.validation()).hasSize(10_000);
    assertThat(s.train()).hasSize(50_000);
    int[] all =
        IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation()))
            .sorted()
            .toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 60_000).toArray());
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    DatasetSpec spec = new DatasetSpec("fashion-mnist", 500, 2000, 7L);
    DataSplit a = DataSplit.of(spec, 60_000);
    DataSplit b = DataSplit.of(spec, 60_000);
    DataSplit c = DataSplit.of(new DatasetSpec("fashion-mnist", 500, 2000, 8L), 60_000);

    assertThat(a.train()).isEqualTo(b.train());
    assertThat(a.validation()).isEqualTo(b.validation());
    assertThat(c.validation()).isNotEqualTo(a.validation());
  }

  @Test
  void trainLimitSubsamplesOnlyTheTrainingPart() {
    DataSplit full = DataSplit.of(new DatasetSpec("fashion-mnist", 500, null, 7L), 60_000);
    DataSplit limited = DataSplit.of(new DatasetSpec("fashion-mnist", 500, 2000, 7L), 60_000);

    assertThat(limited.train()).hasSize(2000);
    assertThat(limited.validation()).isEqualTo(full.validation());
    assertThat(Arrays.stream(limited.train()).boxed().toList())
        .doesNotContainAnyElementsOf(Arrays.stream(limited.validation()).boxed().toList());
  }

  @Test
  void validationSizeZeroTrainsOnEveryImageOfTheRealTrainingSet() {
    int total = TestData.fashionMnist().trainCount();
    DataSplit all = DataSplit.of(new DatasetSpec("fashion-mnist", 0, null, 42L), total);
    DataSplit limited = DataSplit.of(new DatasetSpec("fashion-mnist", 0, 2000, 42L), total);

    assertThat(total).isEqualTo(60_000);
    assertThat(all.validation()).isEmpty();
    assertThat(all.validates()).isFalse();
    assertThat(Arrays.stream(all.train()).sorted().toArray())
        .isEqualTo(IntStream.range(0, total).toArray());
    // train_limit still applies: a prefix of the same shuffled order
    assertThat(limited.validation()).isEmpty();
    assertThat(limited.train()).isEqualTo(Arrays.copyOf(all.train(), 2000));
    assertThat(DataSplit.of(new DatasetSpec("fashion-mnist", 1, null, 42L), total).validates())
        .isTrue();
  }

  @Test
  void impossibleSizesAreRejected() {
    assertThatThrownBy(() -> DataSplit.of(new DatasetSpec("fashion-mnist", -1, null, 1L), 60_000))
        .hasMessageContaining("validation_size");
    assertThatThrownBy(
            () -> DataSplit.of(new DatasetSpec("fashion-mnist", 60_000, null, 1L), 60_000))
        .hasMessageContaining("validation_size");
  }

  @Test
  void batchesScalePixelsIntoTheUnitInterval() {
    byte[] images = new byte[2 * FashionMnist.PIXELS];
    images[0] = (byte) 255;
    images[FashionMnist.PIXELS + 1] = (byte) 128;
    var ds = Batches.batch(images, new byte[] {3, 9}, new int[] {1, 0}, 0, 2);

    assertThat(ds.getFeatures().getFloat(0, 1)).isEqualTo(128 / 255f);
    assertThat(ds.getFeatures().getFloat(1, 0)).isEqualTo(1f);
    assertThat(ds.getFeatures().maxNumber().floatValue()).isLessThanOrEqualTo(1f);
    assertThat(ds.getLabels().getFloat(0, 9)).isEqualTo(1f);
    assertThat(ds.getLabels().getFloat(1, 3)).isEqualTo(1f);
  }
}
