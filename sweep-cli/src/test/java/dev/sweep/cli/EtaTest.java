package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EtaTest {

  @Test
  void unknownUntilTwoEpochsFinishedWhileWatching() {
    Eta eta = new Eta();
    assertThat(eta.observe(10, 40, Duration.ofSeconds(0))).isEmpty();
    assertThat(eta.observe(10, 40, Duration.ofSeconds(30))).isEmpty();
    assertThat(eta.observe(11, 40, Duration.ofSeconds(40))).isEmpty();
  }

  @Test
  void ignoresTheStartUpBeforeTheFirstEpochAndEpochsDoneBeforeWatching() {
    Eta eta = new Eta();
    eta.observe(10, 40, Duration.ZERO); // a resumed sweep: 10 epochs were done before
    eta.observe(10, 40, Duration.ofSeconds(60)); // the worker loads ND4J and the data
    eta.observe(12, 40, Duration.ofSeconds(70)); // first epochs: the clock starts here
    // 4 more epochs in 20 s is 5 s each; 24 left
    assertThat(eta.observe(16, 40, Duration.ofSeconds(90))).contains(Duration.ofSeconds(120));
  }

  @Test
  void nothingLeftMeansZero() {
    assertThat(new Eta().observe(40, 40, Duration.ofSeconds(100))).contains(Duration.ZERO);
  }
}
