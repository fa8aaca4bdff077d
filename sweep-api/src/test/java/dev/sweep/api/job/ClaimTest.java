package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class ClaimTest extends JobApiTest {
  @Autowired JobClaimer claimer;
  @Autowired JobQueueSignal signal;
  @Autowired MeterRegistry meters;

  @Test
  void eightClaimersTakeTwoThousandJobsEachExactlyOnce() throws Exception {
    List<Long> queued = fixtures.queue(fixtures.sweep(), 2000, 1);
    Queue<Long> claimed = new ConcurrentLinkedQueue<>();

    runClaimers(
        8,
        worker -> {
          Optional<JobAssignment> next;
          while ((next = claimer.claim(worker)).isPresent()) {
            claimed.add(next.get().jobId());
          }
        });

    assertThat(claimed).hasSize(2000).doesNotHaveDuplicates();
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(queued);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(DISTINCT lease_token) FROM job WHERE status = 'RUNNING'", Long.class))
        .isEqualTo(2000);
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT " + TrialStatus.shownSql("trial") + " FROM trial", String.class))
        .containsExactly("RUNNING");
    assertThat(jdbc.queryForList("SELECT DISTINCT status FROM trial", String.class))
        .as("stored: a claim writes no trial row")
        .containsExactly("QUEUED");
  }

  @Test
  void claimsOverHttpAlsoTakeEveryJobOnce() throws Exception {
    List<Long> queued = fixtures.queue(fixtures.sweep(), 200, 1);
    Queue<Long> claimed = new ConcurrentLinkedQueue<>();

    runClaimers(
        4,
        worker -> {
          ResponseEntity<String> response;
          while ((response = post(WorkerPaths.CLAIM, new ClaimRequest(worker, 0))).getStatusCode()
              == HttpStatus.OK) {
            claimed.add(read(response, JobAssignment.class).jobId());
          }
          assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        });

    assertThat(claimed).hasSize(200).containsExactlyInAnyOrderElementsOf(queued);
  }

  @Test
  void anAssignmentCarriesTheLeaseTheConfigAndTheTrials() {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow older = fixtures.job(sweep, 10, 20, 50);
    fixtures.job(sweep, 10);
    double claimsBefore = meters.counter("sweep.worker.claims", "result", "assigned").count();

    JobAssignment a = claim("w1");

    assertThat(a.jobId()).as("oldest first").isEqualTo(older.jobId());
    assertThat(a.sweepId()).isEqualTo(sweep);
    assertThat(a.attempt()).isEqualTo(1);
    assertThat(a.config()).isEqualTo(JobFixtures.CONFIG);
    assertThat(a.plannedEpochs()).isEqualTo(50);
    assertThat(a.trials())
        .extracting("trialId", "epochs")
        .containsExactly(
            tuple(older.trialIds().get(0), 10),
            tuple(older.trialIds().get(1), 20),
            tuple(older.trialIds().get(2), 50));
    assertThat(a.resumeFromEpoch()).isZero();
    assertThat(a.leaseExpiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(job(a.jobId()))
        .containsEntry("status", "RUNNING")
        .containsEntry("worker_id", "w1")
        .containsEntry("lease_token", a.leaseToken())
        .containsEntry("started_at", Timestamp.from(clock.instant()));
    assertThat(trialStatuses(a.jobId())).containsOnly("RUNNING");
    assertThat(events(sweep, "job"))
        .extracting(e -> e.path("status").asText())
        .containsExactly("RUNNING");
    // one event row: the trials follow the job, and streams derive their "trial" events from it
    assertThat(events(sweep, "job").get(0).path("trials"))
        .extracting(t -> t.path("trialId").asLong())
        .containsExactlyElementsOf(older.trialIds());
    assertThat(events(sweep, "trial")).isEmpty();
    assertThat(sweepStatus(sweep)).isEqualTo("RUNNING");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM worker WHERE id = 'w1'", Long.class))
        .isEqualTo(1);
    assertThat(meters.counter("sweep.worker.claims", "result", "assigned").count())
        .isEqualTo(claimsBefore + 1);
  }

  @Test
  void theClaimWritesTheJobEventJacksonWouldWrite() throws Exception {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow longer = fixtures.job(sweep, 20, 5, 5);
    fixtures.job(sweep, 1);
    // the first claim also rolls the sweep up; the second finds it RUNNING already
    JobAssignment first = claim("w1");
    JobAssignment second = claim("w2");
    assertThat(first.jobId()).isEqualTo(longer.jobId());

    for (JobAssignment a : List.of(first, second)) {
      LeasedJob leased =
          jdbc.queryForObject(
              "SELECT " + LeasedJob.COLUMNS + " FROM job WHERE id = ?", LeasedJob::map, a.jobId());
      JobEvents.JobEvent expected =
          JobEvents.JobEvent.of(
              leased, JobStatus.RUNNING, leased.attempt(), leased.workerId(), null, a.trials());
      List<String> stored =
          jdbc.queryForList(
              "SELECT payload::text FROM sweep_event WHERE type = 'job'"
                  + " AND (payload ->> 'jobId')::bigint = ?",
              String.class,
              a.jobId());
      assertThat(stored).hasSize(1);
      assertThat(json.readTree(stored.get(0)))
          .isEqualTo(json.readTree(json.writeValueAsString(expected)));
    }
    assertThat(events(sweep, "job").get(0).path("trials"))
        .extracting(t -> t.path("epochs").asInt())
        .as("fewest epochs first")
        .containsExactly(5, 5, 20);
    assertThat(events(sweep, "sweep"))
        .extracting(e -> e.path("status").asText())
        .containsExactly("RUNNING");
  }

  @Test
  void aJobWithAnUnreadableConfigIsFailedInsteadOfBlockingTheQueue() {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow broken =
        fixtures.jobWithConfig(sweep, 3, "{\"learning_rate\": \"fast\"}", 5);
    JobFixtures.JobRow fine = fixtures.job(sweep, 5);

    assertThat(claim("w1").jobId()).isEqualTo(fine.jobId());
    assertThat(job(broken.jobId())).containsEntry("status", "FAILED");
    assertThat((String) job(broken.jobId()).get("error")).contains("not a TrainingConfig");
  }

  @Test
  void anEmptyQueueAnswers204AfterTheWait() {
    ResponseEntity<String> response = post(WorkerPaths.CLAIM, new ClaimRequest("w1", 200));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            problem(post(WorkerPaths.CLAIM, new ClaimRequest("", 0)), HttpStatus.BAD_REQUEST)
                .path("field")
                .asText())
        .isEqualTo("workerId");
  }

  @Test
  void aWaitingClaimGetsAJobAsSoonAsOneIsQueued() {
    long sweep = fixtures.sweep();
    CompletableFuture<ResponseEntity<String>> waiting =
        CompletableFuture.supplyAsync(
            () -> post(WorkerPaths.CLAIM, new ClaimRequest("w1", 15_000)));
    // still waiting on the empty queue
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !waiting.isDone());

    JobFixtures.JobRow row = fixtures.job(sweep, 3);
    signal.jobsQueued();

    // well before the 15 s the claim was allowed to wait
    await().atMost(Duration.ofSeconds(3)).until(waiting::isDone);
    ResponseEntity<String> response = waiting.join();
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(response, JobAssignment.class).jobId()).isEqualTo(row.jobId());
  }

  interface Claimer {
    void run(String workerId) throws Exception;
  }

  private static void runClaimers(int threads, Claimer claimer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String worker = "worker-" + i;
        running.add(
            pool.submit(
                () -> {
                  claimer.run(worker);
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
