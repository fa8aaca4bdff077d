package dev.sweep.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EtaTest {

  @Test
  void unknownUntilAnEpochFinishesWhileWatching() {
    assertThat(new Eta(10).remaining(10, 40, Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void extrapolatesTheRateSeenSinceWatchingStarted() {
    // a resumed sweep: 10 epochs were done before; 5 more in 50 s means 10 s each, 25 left
    assertThat(new Eta(10).remaining(15, 40, Duration.ofSeconds(50)))
        .contains(Duration.ofSeconds(250));
  }

  @Test
  void nothingLeftMeansZero() {
    assertThat(new Eta(0).remaining(40, 40, Duration.ofSeconds(100))).contains(Duration.ZERO);
  }
}
