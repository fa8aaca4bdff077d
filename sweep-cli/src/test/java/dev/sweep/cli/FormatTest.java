package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatTest {

  @Test
  void accuraciesArePercentagesAndLossesDecimals() {
    assertThat(Format.metric("val_accuracy", 0.87333)).isEqualTo("87.33 %");
    assertThat(Format.metric("train_loss", 0.312345)).isEqualTo("0.3123");
    assertThat(Format.metric("val_loss", null)).isEqualTo("-");
    assertThat(Format.metric("val_loss", Double.NaN)).isEqualTo("-");
  }

  @Test
  void durationsReadLikeAClock() {
    assertThat(Format.duration(Duration.ofSeconds(7))).isEqualTo("0:07");
    assertThat(Format.duration(Duration.ofSeconds(754))).isEqualTo("12:34");
    assertThat(Format.duration(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    assertThat(Format.duration(Duration.ofSeconds(-5))).isEqualTo("0:00");
  }

  @Test
  void barsAreClampedAndLinesFit() {
    assertThat(Format.bar(0.5, 10)).isEqualTo("[#####.....]");
    assertThat(Format.bar(1.7, 4)).isEqualTo("[####]");
    assertThat(Format.fit("abcdefghij", 8)).isEqualTo("abcde...");
    assertThat(Format.fit("abc", 8)).isEqualTo("abc");
  }

  @Test
  void nestedParamsKeepTheirJson() {
    assertThat(
            Format.pairs(
                Format.params(TestViews.params("{\"optimizer\":\"sgd\",\"hidden_layers\":[64]}"))))
        .isEqualTo("hidden_layers=[64] optimizer=sgd");
  }

  @Test
  void definitionsAreSentAsJsonOnlyWhenTheFileSaysSo() {
    assertThat(Submitter.contentType(Path.of("grids/quick.yaml"))).isEqualTo("application/yaml");
    assertThat(Submitter.contentType(Path.of("a.yml"))).isEqualTo("application/yaml");
    assertThat(Submitter.contentType(Path.of("sweep.JSON"))).isEqualTo("application/json");
  }
}
