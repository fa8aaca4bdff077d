package dev.sweep.worker.runtime;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.contract.TrialTarget;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job protocol as the worker drives it, against an in-memory API. */
class JobRunnerTest {
  private FakeApi api;
  private SweepApiClient client;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicBoolean draining = new AtomicBoolean();

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeApi();
    client = api.client("secret", Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() {
    api.close();
    scheduler.shutdownNow();
  }

  private JobRunner runner() {
    return Runners.dl4j(
        client, TestData.store(), scheduler, Duration.ofMillis(100), draining::get, Duration.ZERO);
  }

  @Test
  void reportsEveryEpochWithTestMetricsExactlyWhereATrialEndsAndTheLastReportCompletes() {
    JobAssignment job = job(config().build(), 3, List.of(1, 3), 0);

    assertThat(runner().run(job)).isEqualTo(JobRunner.Ending.COMPLETED);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
    assertThat(api.epochs).extracting(r -> r.test() != null).containsExactly(true, false, true);
    assertThat(api.epochs).allSatisfy(r -> assertThat(r.leaseToken()).isEqualTo(77L));
    assertThat(api.epochs.get(2).test().accuracy()).isGreaterThan(0.6);
    assertThat(api.epochs).extracting(EpochReport::complete).containsExactly(false, false, true);
    // the last epoch's report completed the job: no checkpoint of it, no complete call
    assertThat(api.checkpoints).containsOnlyKeys(1, 2);
    assertThat(api.completedByReport).containsExactly(5L);
    assertThat(api.outcomes).isEmpty();
  }

  @Test
  void aOneEpochJobEndsWithOneReportAndNoCheckpointUploadOrCompleteCall() {
    assertThat(runner().run(job(config().build(), 1, List.of(1), 0)))
        .isEqualTo(JobRunner.Ending.COMPLETED);

    List<String> calls =
        api.calls.stream()
            .filter(c -> !c.endsWith("/heartbeat"))
            .map(c -> c.substring("/api/worker/jobs/".length()))
            .toList();
    // a fresh job (nothing to resume): the trial's model file goes up, and one report ends it
    assertThat(calls).containsExactly("5/models/1", "5/epochs");
    assertThat(api.epochs).singleElement().satisfies(r -> assertThat(r.complete()).isTrue());
    assertThat(api.checkpoints).isEmpty();
    assertThat(api.completedByReport).containsExactly(5L);
  }

  @Test
  void anApiThatDoesNotCompleteInTheReportGetsTheCompleteCall() {
    api.completesInReports = false; // an API from before the field: it answers without completed

    assertThat(runner().run(job(config().build(), 2, List.of(2), 0)))
        .isEqualTo(JobRunner.Ending.COMPLETED);

    assertThat(api.epochs).extracting(EpochReport::complete).containsExactly(false, true);
    assertThat(api.completedByReport).isEmpty();
    assertThat(api.outcomes).containsExactly("complete");
    assertThat(api.checkpoints).containsOnlyKeys(1);
  }

  @Test
  void aLostAnswerToTheCompletingReportEndsTheLeaseOnTheRetrysConflictWithoutAnotherCall() {
    // the API completed the job but its answer was lost; the client's retry meets the fence
    api.answerLostOnEpoch = EpochReport::complete;

    assertThat(runner().run(job(config().build(), 1, List.of(1), 0)))
        .isEqualTo(JobRunner.Ending.LEASE_LOST);

    assertThat(api.calls.stream().filter(c -> c.endsWith("/epochs"))).hasSize(2);
    assertThat(api.completedByReport).containsExactly(5L);
    assertThat(api.outcomes).as("no complete, fail or release").isEmpty();
  }

  @Test
  void aReclaimedJobResumesFromTheLatestCheckpointAndReportsWhatAStraightRunReports() {
    TrainingConfig c = config().build();
    runner().run(job(c, 3, List.of(3), 0));
    List<EpochReport> straight = List.copyOf(api.epochs);
    byte[] epoch1 = api.checkpoints.get(1);
    api.epochs.clear();
    api.checkpoints.clear();
    api.checkpoints.put(1, epoch1);

    assertThat(runner().run(job(c, 3, List.of(3), 1))).isEqualTo(JobRunner.Ending.COMPLETED);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(2, 3);
    for (int i = 0; i < 2; i++) {
      EpochReport a = api.epochs.get(i);
      EpochReport b = straight.get(i + 1);
      assertThat(List.of(a.trainLoss(), a.trainAccuracy(), a.valLoss(), a.valAccuracy()))
          .containsExactly(b.trainLoss(), b.trainAccuracy(), b.valLoss(), b.valAccuracy());
    }
    assertThat(api.epochs.get(1).test()).isEqualTo(straight.get(2).test());
  }

  @Test
  void aModelFileIsUploadedAtEveryEpochThatEndsATrialOnly() throws Exception {
    assertThat(runner().run(job(config().build(), 3, List.of(1, 3), 0)))
        .isEqualTo(JobRunner.Ending.COMPLETED);

    assertThat(api.models).containsOnlyKeys(1, 3);
    assertThat(dev.sweep.worker.training.ModelFiles.load(api.models.get(3)).numParams())
        .isPositive();
  }

  @Test
  void aCheckpointThatFailsItsChecksIsRejectedAndTheJobStartsOverInsteadOfFailing() {
    TrainingConfig c = config().build();
    runner().run(job(c, 2, List.of(2), 0));
    List<EpochReport> straight = List.copyOf(api.epochs);
    byte[] epoch1 = api.checkpoints.get(1);
    api.epochs.clear();
    api.checkpoints.clear();
    // the fake announces the SHA-256 of what it holds, so only a configuration check can fail here
    api.checkpoints.put(1, runnerCheckpointOf(config().learningRate(0.01).build()));

    assertThat(runner().run(job(c, 2, List.of(2), 1))).isEqualTo(JobRunner.Ending.COMPLETED);

    assertThat(api.rejections)
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("another configuration"));
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 2);
    assertThat(api.epochs.get(1).trainLoss()).isEqualTo(straight.get(1).trainLoss());
    assertThat(api.checkpoints.get(1)).hasSameSizeAs(epoch1);
  }

  private byte[] runnerCheckpointOf(TrainingConfig other) {
    try {
      dev.sweep.worker.training.TrainingRun run =
          dev.sweep.worker.training.TrainingRun.start(
              other, dev.sweep.worker.support.TestData.fashionMnist());
      run.trainEpoch(() -> false);
      return run.checkpoint();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aCancelSeenByTheHeartbeatStopsAtTheNextBatchAndReleases() {
    api.cancelRequested = true;
    JobAssignment job =
        job(config().dataset(500, 30_000, 7L).batchSize(32).build(), 5, List.of(5), 0);

    assertThat(runner().run(job)).isEqualTo(JobRunner.Ending.RELEASED);

    assertThat(api.heartbeats).isNotEmpty();
    assertThat(api.epochs).isEmpty(); // stopped inside epoch 1
    assertThat(api.outcomes).containsExactly("release");
  }

  @Test
  void aCancelAnsweredToAnEpochReportReleasesAfterThatEpoch() {
    api.onEpoch = () -> api.cancelRequested = true;

    assertThat(runner().run(job(config().build(), 3, List.of(3), 0)))
        .isEqualTo(JobRunner.Ending.RELEASED);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1);
    assertThat(api.outcomes).containsExactly("release");
  }

  @Test
  void aJobPrunedAtARungStopsAtOnceAndReportsNothingFurther() {
    api.pruneOnEpoch = r -> r.epoch() == 2;

    assertThat(runner().run(job(config().build(), 4, List.of(2, 4), 0)))
        .isEqualTo(JobRunner.Ending.PRUNED);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 2);
    // no third epoch trained (no checkpoint 3), no complete, fail or release
    assertThat(api.checkpoints).containsOnlyKeys(1, 2);
    assertThat(api.outcomes).isEmpty();
  }

  @Test
  void aConflictMeansTheLeaseIsGoneAndTheWorkerStopsWithoutAWord() {
    api.conflictOnEpoch = r -> r.epoch() == 2;

    assertThat(runner().run(job(config().build(), 3, List.of(3), 0)))
        .isEqualTo(JobRunner.Ending.LEASE_LOST);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1);
    assertThat(api.outcomes).isEmpty();
  }

  @Test
  void aJobWhoseLossTurnsNanFailsAsDivergedAndIsNotRetried() {
    TrainingConfig absurd = config().optimizer("sgd", null).learningRate(1e30).build();

    assertThat(runner().run(job(absurd, 3, List.of(3), 0))).isEqualTo(JobRunner.Ending.FAILED);

    assertThat(api.outcomes).containsExactly("fail");
    assertThat(api.outcomeBodies.get(0).retryable()).isFalse();
    assertThat(api.outcomeBodies.get(0).error()).isEqualTo("diverged at epoch 1");
    assertThat(api.epochs).isEmpty();
  }

  @Test
  void anInvalidConfigFailsAtOnceAndIsNotRetryable() {
    TrainingConfig bad = config().activation("swish").build();

    assertThat(runner().run(job(bad, 2, List.of(2), 0))).isEqualTo(JobRunner.Ending.FAILED);

    assertThat(api.outcomes).containsExactly("fail");
    assertThat(api.outcomeBodies.get(0).retryable()).isFalse();
    assertThat(api.outcomeBodies.get(0).error())
        .contains(
            "activation must be one of relu, sigmoid, tanh, gelu, leaky_relu, elu (got swish)");
    assertThat(api.epochs).isEmpty();
  }

  @Test
  void anApiThatStaysUnavailableReleasesTheJobWithoutUsingAnAttempt() {
    api.unavailableOnEpoch = r -> r.epoch() == 2;

    assertThat(runner().run(job(config().build(), 3, List.of(3), 0)))
        .isEqualTo(JobRunner.Ending.RELEASED);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1);
    assertThat(api.outcomes).containsExactly("release");
    assertThat(api.outcomeBodies.get(0).error())
        .startsWith("the API was unavailable")
        .contains("503");
  }

  @Test
  void outOfMemoryIsRecognisedAlsoWhenWrappedAndIsNotRetried() {
    assertThat(JobRunner.outOfMemory(new OutOfMemoryError("Java heap space"))).isTrue();
    assertThat(
            JobRunner.outOfMemory(
                new RuntimeException(
                    "ND4J", new OutOfMemoryError("Cannot allocate new FloatPointer"))))
        .isTrue();
    assertThat(JobRunner.outOfMemory(new IllegalStateException("shape mismatch"))).isFalse();
  }

  @Test
  void drainingFinishesTheEpochCheckpointsAndReleases() {
    api.onEpoch = () -> draining.set(true);

    assertThat(runner().run(job(config().build(), 3, List.of(3), 0)))
        .isEqualTo(JobRunner.Ending.RELEASED);

    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1);
    assertThat(api.checkpoints).containsOnlyKeys(1);
    assertThat(api.outcomes).containsExactly("release");
  }

  @Test
  void withCheckpointsEveryMinuteAShortJobUploadsNoneAndADrainUploadsWhatItReleases() {
    JobRunner periodic =
        Runners.dl4j(
            client,
            TestData.store(),
            scheduler,
            Duration.ofMillis(100),
            draining::get,
            Duration.ofMinutes(1));

    assertThat(periodic.run(job(config().build(), 3, List.of(3), 0)))
        .isEqualTo(JobRunner.Ending.COMPLETED);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
    // within the minute, and the last epoch's report completes the job: nothing to resume from
    assertThat(api.checkpoints).isEmpty();

    api.epochs.clear();
    api.checkpoints.clear();
    api.outcomes.clear();
    api.onEpoch = () -> draining.set(true);
    assertThat(periodic.run(job(config().build(), 3, List.of(3), 0)))
        .isEqualTo(JobRunner.Ending.RELEASED);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1);
    assertThat(api.checkpoints).as("released after epoch 1: resumable from it").containsOnlyKeys(1);
    assertThat(api.outcomes).containsExactly("release");
  }

  @Test
  void aFusedMemberThatDivergesFailsAloneAndTheOtherCompletes() {
    TrainingConfig fine = config().optimizer("sgd", null).learningRate(0.01).build();
    TrainingConfig absurd = config().optimizer("sgd", null).learningRate(1e30).build();
    JobAssignment a = withId(job(fine, 2, List.of(2), 0), 5L, 77L);
    JobAssignment b = withId(job(absurd, 2, List.of(2), 0), 6L, 78L);

    Map<Long, JobRunner.Ending> endings = runner().run(List.of(a, b));

    assertThat(endings)
        .containsEntry(5L, JobRunner.Ending.COMPLETED)
        .containsEntry(6L, JobRunner.Ending.FAILED);
    assertThat(api.epochs).extracting(EpochReport::leaseToken).containsOnly(77L);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 2);
    assertThat(api.calls)
        .contains("/api/worker/jobs/6/fail")
        .doesNotContain("/api/worker/jobs/5/complete");
    assertThat(api.completedByReport).containsExactly(5L);
    JobOutcome failed =
        api.outcomeBodies.stream().filter(o -> o.leaseToken() == 78L).findFirst().orElseThrow();
    assertThat(failed.error()).isEqualTo("diverged at epoch 1");
    assertThat(failed.retryable()).isFalse();
  }

  static JobAssignment withId(JobAssignment j, long jobId, long token) {
    return new JobAssignment(
        jobId,
        j.sweepId(),
        token,
        j.leaseExpiresAt(),
        j.attempt(),
        j.config(),
        j.plannedEpochs(),
        j.trials(),
        j.resumeFromEpoch());
  }

  @Test
  void aFusedMemberPrunedAtARungLeavesAtOnceAndTheOtherTrainsOn() {
    TrainingConfig a = config().optimizer("sgd", null).learningRate(0.01).build();
    TrainingConfig b = config().optimizer("sgd", null).learningRate(0.02).build();
    api.pruneOnEpoch = r -> r.leaseToken() == 78L && r.epoch() == 1;

    Map<Long, JobRunner.Ending> endings =
        runner()
            .run(
                List.of(
                    withId(job(a, 3, List.of(3), 0), 5L, 77L),
                    withId(job(b, 3, List.of(3), 0), 6L, 78L)));

    assertThat(endings)
        .containsEntry(5L, JobRunner.Ending.COMPLETED)
        .containsEntry(6L, JobRunner.Ending.PRUNED);
    assertThat(api.epochs.stream().filter(r -> r.leaseToken() == 78L))
        .extracting(EpochReport::epoch)
        .containsExactly(1);
    assertThat(api.epochs.stream().filter(r -> r.leaseToken() == 77L))
        .extracting(EpochReport::epoch)
        .containsExactly(1, 2, 3);
    assertThat(api.calls)
        .as("nothing more is said about the pruned job")
        .doesNotContain(
            "/api/worker/jobs/6/complete", "/api/worker/jobs/6/fail", "/api/worker/jobs/6/release");
    assertThat(api.completedByReport).containsExactly(5L);
  }

  @Test
  void simulatedTrainingRunsAFusedGroupThroughTheSameProtocol() {
    JobRunner simulated =
        Runners.of(
            client,
            new SimulatedTrainer(Duration.ofMillis(30)),
            scheduler,
            Duration.ofMillis(100),
            draining::get,
            Duration.ZERO);
    TrainingConfig a = config().learningRate(0.01).build();
    TrainingConfig b = config().learningRate(0.02).build();

    Map<Long, JobRunner.Ending> endings =
        simulated.run(
            List.of(
                withId(job(a, 2, List.of(1, 2), 0), 5L, 77L),
                withId(job(b, 2, List.of(2), 0), 6L, 78L)));

    assertThat(endings)
        .containsEntry(5L, JobRunner.Ending.COMPLETED)
        .containsEntry(6L, JobRunner.Ending.COMPLETED);
    assertThat(api.epochs).hasSize(4);
    assertThat(api.epochs.stream().filter(r -> r.leaseToken() == 77L))
        .extracting(r -> r.test() != null)
        .containsExactly(true, true);
    assertThat(api.epochs.stream().filter(r -> r.leaseToken() == 78L))
        .extracting(r -> r.test() != null)
        .containsExactly(false, true);
    assertThat(api.epochs)
        .allSatisfy(r -> assertThat(r.valAccuracy()).isBetween(0.1, 0.9))
        .extracting(EpochReport::valAccuracy)
        .as("each job its own seeded curve")
        .doesNotHaveDuplicates();
    // simulated training takes the same path: the last reports complete both jobs
    assertThat(api.completedByReport).containsExactlyInAnyOrder(5L, 6L);
    assertThat(api.outcomes).isEmpty();
  }

  static JobAssignment job(
      TrainingConfig c, int planned, List<Integer> trialEpochs, int resumeFrom) {
    List<TrialTarget> trials = trialEpochs.stream().map(e -> new TrialTarget(100L + e, e)).toList();
    return new JobAssignment(
        5L, 1L, 77L, Instant.now().plusSeconds(60), 1, c, planned, trials, resumeFrom);
  }
}
