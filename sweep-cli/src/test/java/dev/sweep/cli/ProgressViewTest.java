package dev.sweep.cli;

import static dev.sweep.cli.TestViews.best;
import static dev.sweep.cli.TestViews.job;
import static dev.sweep.cli.TestViews.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

  private final ApiViews.Sweep running =
      sweep().count("SUCCEEDED", 9).count("FAILED", 1).count("RUNNING", 4).epochs(20, 40).build();

  @Test
  void terminalLinesShowTrialsRunningJobsBestElapsedAndEta() {
    ProgressView.Snapshot s =
        new ProgressView.Snapshot(
            running,
            List.of(
                job(7, "RUNNING", 2, 3, 3), job(8, "QUEUED", 0, 6, 4), job(9, "RUNNING", 5, 6, 1)),
            Optional.of(best(12, 0.84123, "{}")),
            Duration.ofSeconds(83),
            Optional.of(Duration.ofSeconds(68)));

    List<String> lines = ProgressView.lines(s, 200);

    assertThat(lines.get(0))
        .startsWith("sweep #3 quick  RUNNING  [############............]")
        .contains("10/24 trials")
        .endsWith("50%");
    assertThat(lines.get(1))
        .contains("epochs 20/40")
        .contains("best val_accuracy 84.12 % (trial 12)")
        .contains("failed 1")
        .contains("elapsed 1:23")
        .contains("ETA 1:08");
    assertThat(lines.subList(2, lines.size()))
        .containsExactly(
            "  job 7  epoch 2/3  [#######...]  trials 3  on w-1",
            "  job 9  epoch 5/6  [########..]  trials 1  on w-1");
  }

  @Test
  void beforeAnyResultTheBestAndEtaAreBlankAndIdleQueueIsExplained() {
    ProgressView.Snapshot s =
        new ProgressView.Snapshot(
            sweep().status("QUEUED").epochs(0, 40).build(),
            List.of(job(1, "QUEUED", 0, 3, 2), job(2, "QUEUED", 0, 3, 2)),
            Optional.empty(),
            Duration.ofSeconds(5),
            Optional.empty());

    List<String> lines = ProgressView.lines(s, 200);

    assertThat(lines.get(1)).contains("best val_accuracy -").contains("ETA --");
    assertThat(lines.get(2)).isEqualTo("  waiting for a worker to claim one of 2 queued jobs");
  }

  @Test
  void manyRunningJobsAreSummarisedAndLinesFitTheTerminal() {
    List<ApiViews.Job> jobs =
        java.util.stream.LongStream.rangeClosed(1, 7)
            .mapToObj(i -> job(i, "RUNNING", 1, 3, 1))
            .toList();
    ProgressView.Snapshot s =
        new ProgressView.Snapshot(running, jobs, Optional.empty(), Duration.ZERO, Optional.empty());

    List<String> lines = ProgressView.lines(s, 40);

    assertThat(lines).hasSize(2 + ProgressView.MAX_JOB_LINES + 1);
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("  ... and 3 more jobs running");
  }

  @Test
  void aWorkerHintIsWrappedNotCutAndEndsThePlainLine() {
    String hint =
        "no worker is alive: the API refused 3 worker call(s), the last at 2030-01-01 10:00:00Z"
            + " (401: the token is bad). Workers need a worker token in SWEEP_API_TOKEN.";
    ProgressView.Snapshot s =
        new ProgressView.Snapshot(
            sweep().status("QUEUED").epochs(0, 40).build(),
            List.of(job(1, "QUEUED", 0, 2, 1)),
            Optional.empty(),
            Duration.ZERO,
            Optional.empty(),
            Optional.of(hint));

    List<String> lines = ProgressView.lines(s, 60);

    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    List<String> said = lines.subList(3, lines.size());
    assertThat(said.get(0)).startsWith("  ! no worker is alive");
    assertThat(said).hasSizeGreaterThan(1);
    assertThat(String.join(" ", said.stream().map(String::strip).toList())).isEqualTo("! " + hint);
    assertThat(ProgressView.plainLine(s)).endsWith("; " + hint);
  }

  @Test
  void plainLineIsOneSelfContainedLogLine() {
    ProgressView.Snapshot s =
        new ProgressView.Snapshot(
            running,
            List.of(job(7, "RUNNING", 2, 3, 3), job(8, "SUCCEEDED", 6, 6, 4)),
            Optional.of(best(12, 0.84123, "{}")),
            Duration.ofSeconds(3725),
            Optional.of(Duration.ofSeconds(90)));

    assertThat(ProgressView.plainLine(s))
        .isEqualTo(
            "[1:02:05] sweep #3 RUNNING, 10/24 trials, epochs 20/40 (50%); running: job 7 2/3;"
                + " best val_accuracy 84.12 % (trial 12); ETA 1:30");
  }
}
