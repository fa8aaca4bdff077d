package dev.sweep.worker.runtime;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerRuntimeTest {
  private FakeApi api;
  private WorkerRuntime runtime;
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeApi();
    runtime = runtime(null, 2);
  }

  /** A worker on the fake API that collects the refusals it is given for a refused token. */
  private WorkerRuntime runtime(String token, int slots) {
    return runtime(token, slots, Duration.ofSeconds(10));
  }

  private WorkerRuntime runtime(String token, int slots, Duration requestTimeout) {
    return new WorkerRuntime(
        api.client(token, requestTimeout),
        TestData.store(),
        new WorkerProperties.Worker(
            slots, true, "test-worker", Duration.ofMillis(200), null, Duration.ofMillis(100)),
        refusals::add);
  }

  @AfterEach
  void tearDown() {
    runtime.stop();
    api.close();
  }

  @Test
  void registersThenRunsQueuedJobsOnItsSlots() {
    api.queue.add(JobRunnerTest.job(config().seed(1).build(), 1, List.of(1), 0));
    api.queue.add(JobRunnerTest.job(config().seed(2).build(), 1, List.of(1), 0));

    runtime.start();

    await().atMost(Duration.ofMinutes(2)).until(() -> runtime.finishedJobs() == 2);
    assertThat(api.registrations)
        .singleElement()
        .asString()
        .contains("\"slots\":2")
        .contains("test-worker");
    // each one-epoch job's report completed it: no complete call
    assertThat(api.outcomes).isEmpty();
    assertThat(api.completedByReport).hasSize(2);
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1, 1);
  }

  @Test
  void aRefusedTokenStopsTheWorkerWithTheReasonInsteadOfRetrying() {
    api.refuseWith = 401;

    runtime.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> !refusals.isEmpty());
    runtime.stop();
    assertThat(refusals)
        .singleElement()
        .asString()
        .contains("refused this worker's token")
        .contains("401: the token is not valid")
        .contains("SWEEP_API_TOKEN is not set");
    assertThat(runtime.refusal()).isEqualTo(refusals.get(0));
    assertThat(api.calls)
        .as("registration is not retried, and a worker never registered does not leave")
        .containsExactly("/api/worker/register");
  }

  @Test
  void aTokenRevokedWhileRunningStopsClaiming() {
    runtime = runtime("revoked-soon", 1);
    runtime.start();
    // the first test in a JVM loads ND4J's natives first: minutes on a heavily shared machine
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> api.calls.contains("/api/worker/claim-group"));

    api.refuseWith = 403;

    await().atMost(Duration.ofSeconds(30)).until(() -> !refusals.isEmpty());
    runtime.stop();
    assertThat(refusals.get(0)).contains("403").contains("SWEEP_API_TOKEN must be a worker token");
    assertThat(api.leaves).as("a refused token would be refused again").isEmpty();
    assertThat(runtime.isRunning()).isFalse();
  }

  @Test
  void stoppingAnIdleWorkerDoesNotWaitOutTheClaimsLongPoll() {
    api.emptyClaimMillis = 120_000; // an empty queue: the claim holds, as the API's long poll does
    runtime = runtime(null, 1, Duration.ofMinutes(5));
    runtime.start();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> api.calls.stream().anyMatch(c -> c.endsWith("/claim-group")));

    Thread stopping = new Thread(runtime::stop);
    stopping.start();

    // without waking the polling slots, stop returns only when the 2-minute poll does
    await().atMost(Duration.ofSeconds(20)).until(() -> !stopping.isAlive());
    assertThat(runtime.isRunning()).isFalse();
    assertThat(api.outcomes).as("nothing was claimed, so nothing is released").isEmpty();
    // the poll it abandoned is still open on the API, which must lease nothing to it
    assertThat(api.leaves).singleElement().isEqualTo("{\"workerId\":\"test-worker\"}");
  }

  @Test
  void stoppingLetsTheRunningEpochFinishCheckpointsAndReleasesThenExits() {
    api.queue.add(JobRunnerTest.job(config().dataset(500, 20_000, 7L).build(), 5, List.of(5), 0));
    runtime.start();
    await().atMost(Duration.ofMinutes(1)).until(() -> !api.heartbeats.isEmpty());

    runtime.stop(); // what SIGTERM does through the Spring context

    assertThat(runtime.isRunning()).isFalse();
    assertThat(api.epochs).extracting(EpochReport::epoch).containsExactly(1);
    assertThat(api.checkpoints).containsOnlyKeys(1);
    assertThat(api.outcomes).containsExactly("release");
    // the goodbye comes once the slots have let go of their jobs
    assertThat(api.leaves).hasSize(1);
    assertThat(api.calls.indexOf(WorkerPaths.LEAVE))
        .isGreaterThan(
            api.calls.indexOf(
                api.calls.stream().filter(c -> c.endsWith("/release")).findFirst().orElseThrow()));
  }
}
