package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerHintTest {
  static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");

  static Optional<ApiViews.Workers> workers(boolean alive, long refused) {
    return Optional.of(
        new ApiViews.Workers(
            alive ? List.of(new ApiViews.Worker("w1", true, AT, 0)) : List.of(),
            new ApiViews.Refused(
                refused, refused == 0 ? null : AT, refused == 0 ? null : 401, "the token is bad")));
  }

  static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void noLiveWorkerIsSaidAfterAMinuteNotBefore() {
    WorkerHint hint = new WorkerHint();

    assertThat(hint.observe(true, workers(false, 0), s(0))).isEmpty();
    assertThat(hint.observe(true, workers(false, 0), s(59))).isEmpty();
    assertThat(hint.observe(true, workers(false, 0), s(61)))
        .hasValueSatisfying(h -> assertThat(h).startsWith("no worker has been alive for 1:01"));
  }

  @Test
  void aRefusalSinceWatchingBeganIsSaidAtOnce() {
    WorkerHint hint = new WorkerHint();
    assertThat(hint.observe(true, workers(false, 2), s(0))).isEmpty();

    Optional<String> said = hint.observe(true, workers(false, 3), s(5));

    assertThat(said)
        .hasValue(
            "no worker is alive: the API refused 3 worker call(s), the last at 2030-01-01 10:00:00Z"
                + " (401: the token is bad). Workers need a worker token in SWEEP_API_TOKEN.");
  }

  @Test
  void olderRefusalsAreMentionedOnceNoWorkerCameForAMinute() {
    WorkerHint hint = new WorkerHint();
    assertThat(hint.observe(true, workers(false, 2), s(0))).isEmpty();

    assertThat(hint.observe(true, workers(false, 2), s(60)))
        .hasValueSatisfying(h -> assertThat(h).contains("refused 2 worker call(s)"));
  }

  @Test
  void aLiveWorkerOrNothingToWaitForClearsIt() {
    WorkerHint hint = new WorkerHint();
    hint.observe(true, workers(false, 0), s(0));

    assertThat(hint.observe(true, workers(true, 0), s(90))).isEmpty();
    assertThat(hint.observe(true, workers(false, 0), s(100)))
        .as("the minute starts again")
        .isEmpty();
    assertThat(hint.observe(false, Optional.empty(), s(200))).isEmpty();
    assertThat(hint.observe(true, Optional.empty(), s(300))).as("the API could not say").isEmpty();
  }

  @Test
  void onlyQueuedJobsWithNoneRunningAreWaiting() {
    ApiViews.Sweep sweep = TestViews.sweep().build();

    assertThat(WorkerHint.waiting(sweep, List.of(TestViews.job(1, "QUEUED", 0, 2, 1)))).isTrue();
    assertThat(
            WorkerHint.waiting(
                sweep,
                List.of(TestViews.job(1, "QUEUED", 0, 2, 1), TestViews.job(2, "RUNNING", 1, 2, 1))))
        .isFalse();
    assertThat(WorkerHint.waiting(sweep, List.of(TestViews.job(1, "SUCCEEDED", 2, 2, 1))))
        .isFalse();
  }
}
