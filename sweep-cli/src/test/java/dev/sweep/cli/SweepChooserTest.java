package dev.sweep.cli;

import static dev.sweep.cli.TestViews.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepChooserTest {

  @Test
  void resumesTheNewestUnfinishedSweepBeforeAnyFinishedOne() {
    SweepChooser.Choice c =
        SweepChooser.choose(
            List.of(
                sweep().id(1).status("SUCCEEDED").build(),
                sweep().id(2).status("QUEUED").build(),
                sweep().id(3).status("RUNNING").build(),
                sweep().id(4).status("SUCCEEDED").build()));

    assertThat(c.reuse()).get().extracting(ApiViews.Sweep::id).isEqualTo(3L);
    assertThat(c.reason()).isEqualTo("resuming unfinished sweep #3");
  }

  @Test
  void showsTheNewestFinishedSweepWhenNothingIsUnfinished() {
    SweepChooser.Choice c =
        SweepChooser.choose(
            List.of(
                sweep().id(1).status("SUCCEEDED").build(),
                sweep().id(5).status("SUCCEEDED").build()));

    assertThat(c.reuse()).get().extracting(ApiViews.Sweep::id).isEqualTo(5L);
  }

  @Test
  void cancelledOrFailedSweepsAreNotReused() {
    SweepChooser.Choice c =
        SweepChooser.choose(
            List.of(
                sweep().id(1).status("CANCELLED").build(), sweep().id(2).status("FAILED").build()));

    assertThat(c.reuse()).isEmpty();
    assertThat(c.reason()).isEqualTo("creating a new sweep");
  }

  @Test
  void nothingKnownMeansCreate() {
    assertThat(SweepChooser.choose(List.of()).reuse()).isEmpty();
  }
}
