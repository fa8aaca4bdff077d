package dev.sweep.worker.runtime;

import static dev.sweep.worker.runtime.JobRunnerTest.job;
import static dev.sweep.worker.runtime.JobRunnerTest.withId;
import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.client.TokenRefusedException;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fused group's members make their calls after an epoch concurrently, each in its own order, and
 * each member's answer ends that member alone.
 */
class GroupReportsTest {
  /** How long the fake holds a report for the other member's; sequential reports wait it out. */
  private static final long HOLD_SECONDS = 10;

  private FakeApi api;
  private SweepApiClient client;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Map<Integer, CountDownLatch> arrivals = new ConcurrentHashMap<>();
  private final List<Boolean> heldTogether = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeApi();
    client = api.client("secret", Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    api.close();
    scheduler.shutdownNow();
  }

  /** Holds each report of an epoch until both members' reports of it arrived, or the timeout. */
  private void holdUntilBothReported(EpochReport r) {
    CountDownLatch both = arrivals.computeIfAbsent(r.epoch(), e -> new CountDownLatch(2));
    both.countDown();
    try {
      heldTogether.add(both.await(HOLD_SECONDS, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      heldTogether.add(false);
    }
  }

  private List<JobAssignment> pair(int epochs, List<Integer> trialEpochs) {
    return List.of(
        withId(job(config().learningRate(0.001).build(), epochs, trialEpochs, 0), 5L, 77L),
        withId(job(config().learningRate(0.002).build(), epochs, trialEpochs, 0), 6L, 78L));
  }

  @Test
  void bothMembersReportEachEpochAtOnceAfterTheirOwnCheckpointAndModel() {
    api.onReport = this::holdUntilBothReported;
    JobRunner runner =
        Runners.dl4j(
            client,
            TestData.store(),
            scheduler,
            Duration.ofMillis(100),
            draining::get,
            Duration.ZERO);

    Map<Long, JobRunner.Ending> endings = runner.run(pair(2, List.of(1, 2)));

    assertThat(endings)
        .containsEntry(5L, JobRunner.Ending.COMPLETED)
        .containsEntry(6L, JobRunner.Ending.COMPLETED);
    // one after the other, the first report would wait out the hold alone
    assertThat(heldTogether).hasSize(4).containsOnly(true);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 1, 2, 2);
    for (long id : List.of(5L, 6L)) {
      String jobs = "/api/worker/jobs/" + id;
      List<String> own =
          api.calls.stream()
              .filter(c -> c.startsWith(jobs + "/") && !c.endsWith("/heartbeat"))
              .map(c -> c.substring(jobs.length()))
              .toList();
      // each member's calls in their order: checkpoint and model stored before the report
      assertThat(own)
          .containsExactly("/checkpoints/1", "/models/1", "/epochs", "/models/2", "/epochs");
    }
    assertThat(api.completedByReport).containsExactlyInAnyOrder(5L, 6L);
    assertThat(api.outcomes).isEmpty();
  }

  @Test
  void aMemberWhoseReportAnswersConflictEndsAloneWhileTheOtherCompletes() {
    api.conflictOnEpoch = r -> r.leaseToken() == 78L && r.epoch() == 1;

    Map<Long, JobRunner.Ending> endings = simulated(Duration.ZERO).run(pair(3, List.of(3)));

    assertThat(endings)
        .containsEntry(5L, JobRunner.Ending.COMPLETED)
        .containsEntry(6L, JobRunner.Ending.LEASE_LOST);
    assertThat(api.epochs).extracting(EpochReport::leaseToken).containsOnly(77L);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
    assertThat(api.calls)
        .as("a lost lease ends silently")
        .doesNotContain(
            "/api/worker/jobs/6/complete", "/api/worker/jobs/6/fail", "/api/worker/jobs/6/release");
    assertThat(api.completedByReport).containsExactly(5L);
  }

  @Test
  void aTokenRefusedAtTheReportsStopsTheRunOnceEveryMemberMadeItsCall() {
    api.onReport =
        r -> {
          holdUntilBothReported(r);
          api.refuseWith = 401; // after both epoch-1 reports: every later call is refused
        };

    assertThatThrownBy(() -> simulated(Duration.ZERO).run(pair(3, List.of(3))))
        .isInstanceOf(TokenRefusedException.class);

    assertThat(heldTogether).containsExactly(true, true);
    // both members' epoch-2 calls were made (and refused) before the run gave up
    assertThat(api.calls)
        .contains("/api/worker/jobs/5/checkpoints/2", "/api/worker/jobs/6/checkpoints/2");
    assertThat(api.outcomes).isEmpty();
  }

  @Test
  void aDrainThatBeginsDuringTheReportsCheckpointsEachMemberAndReleasesIt() {
    api.onReport =
        r -> {
          holdUntilBothReported(r);
          draining.set(true);
        };

    // checkpoints every minute: none is due after epoch 1, so the drain has to make them
    Map<Long, JobRunner.Ending> endings = simulated(Duration.ofMinutes(1)).run(pair(3, List.of(3)));

    assertThat(endings)
        .containsOnly(
            Map.entry(5L, JobRunner.Ending.RELEASED), Map.entry(6L, JobRunner.Ending.RELEASED));
    assertThat(heldTogether).containsExactly(true, true);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 1);
    for (long id : List.of(5L, 6L)) {
      String jobs = "/api/worker/jobs/" + id;
      assertThat(api.calls.stream().filter(c -> c.startsWith(jobs + "/")))
          .as("reported, then checkpointed for the resume, then released")
          .filteredOn(c -> !c.endsWith("/heartbeat"))
          .containsExactly(jobs + "/epochs", jobs + "/checkpoints/1", jobs + "/release");
    }
    assertThat(api.outcomes).containsExactly("release", "release");
  }

  private JobRunner simulated(Duration checkpointEvery) {
    return Runners.of(
        client,
        new SimulatedTrainer(Duration.ofMillis(30)),
        scheduler,
        Duration.ofMillis(100),
        draining::get,
        checkpointEvery);
  }
}
