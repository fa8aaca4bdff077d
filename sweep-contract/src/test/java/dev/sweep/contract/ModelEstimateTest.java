package dev.sweep.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelEstimateTest {

  private static ModelSpec mlp(Integer... hidden) {
    return new ModelSpec("mlp", List.of(hidden), null, null, null, null, null, null, null);
  }

  @Test
  void theSeedMlpHasItsExactParameterCount() {
    ModelEstimate e = ModelEstimate.of(mlp(256, 128), 256);

    // 784*256+256 + 256*128+128 + 128*10+10
    assertThat(e.parameters()).isEqualTo(235_146);
    // (784 input + 2 * (256 + 128 + 10)) floats per sample
    assertThat(e.activationBytes()).isEqualTo((784 + 2 * 394) * 256L * 4);
    // one per weight: 784*256 + 256*128 + 128*10
    assertThat(e.multiplyAdds()).isEqualTo(234_752);
  }

  @Test
  void sixLayersOf16384AreOverABillionParameters() {
    ModelEstimate e = ModelEstimate.of(mlp(16_384, 16_384, 16_384, 16_384, 16_384, 16_384), 256);

    assertThat(e.parameters())
        .isEqualTo(784L * 16_384 + 5L * 16_384 * 16_384 + 6 * 16_384 + 16_384 * 10 + 10);
    assertThat(e.parameters()).isGreaterThan(1_000_000_000L);
  }

  @Test
  void theSeedMixerCountsStemBlocksAndHead() {
    ModelSpec mixer = new ModelSpec("mixer", null, 7, 128, 2, 64, 256, false, false);

    ModelEstimate e = ModelEstimate.of(mixer, 256);

    long stem = 49 * 128 + 128;
    long token = 16 * 64 + 64 + 64 * 16 + 16;
    long channel = 128 * 256 + 256 + 256 * 128 + 128;
    assertThat(e.parameters()).isEqualTo(stem + 2 * (token + channel) + 128 * 10 + 10);
    assertThat(e.activationBytes()).isPositive();
    // 16 patches: the stem per patch, the token MLP per channel, the channel MLP per patch, the
    // head
    assertThat(e.multiplyAdds())
        .isEqualTo(16 * 49 * 128 + 2 * (2 * 128 * 16 * 64 + 2 * 16 * 128 * 256) + 128 * 10);
  }

  @Test
  void absurdSizesSaturateInsteadOfOverflowing() {
    ModelEstimate e =
        ModelEstimate.of(
            mlp(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), Integer.MAX_VALUE);

    assertThat(e.parameters()).isEqualTo(Long.MAX_VALUE);
    assertThat(e.activationBytes()).isEqualTo(Long.MAX_VALUE);
  }
}
