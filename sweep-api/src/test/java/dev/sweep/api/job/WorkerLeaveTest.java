package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerLeave;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.contract.WorkerRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A worker that stops says so ({@link WorkerPaths#LEAVE}): its id leases nothing from then on, its
 * long poll still waiting on the API included, and the jobs a claim leased to it that it never
 * heard of are queued again at once instead of after a lease duration. Nothing else changes.
 */
class WorkerLeaveTest extends JobApiTest {
  @Autowired JobQueueSignal signal;

  @Test
  void aClaimAfterLeaveAnswersEmptyUntilTheWorkerRegistersAgain() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);

    assertThat(leave("left-first").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(post(WorkerPaths.CLAIM, new ClaimRequest("left-first", 0)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(post(WorkerPaths.CLAIM_GROUP, new ClaimRequest("left-first", 0, 4)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("worker_id", null)
        .containsEntry("lease_token", null);

    // the same id registered again (a restart under a fixed id) claims as before
    assertThat(
            post(WorkerPaths.REGISTER, new WorkerRegistration("left-first", "host", 1, "cpu"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(claim("left-first").jobId()).isEqualTo(row.jobId());
  }

  @Test
  void aLongPollStillWaitingWhenItsWorkerLeftTakesNothing() {
    long sweep = fixtures.sweep();
    // the poll of a worker that stopped: nobody will read its answer
    CompletableFuture<ResponseEntity<String>> poll =
        CompletableFuture.supplyAsync(
            () -> post(WorkerPaths.CLAIM_GROUP, new ClaimRequest("abandoned", 3_000, 4)));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM worker WHERE id = 'abandoned'", Long.class)
                    == 1);

    assertThat(leave("abandoned").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    JobFixtures.JobRow row = fixtures.job(sweep, 3);
    signal.jobsQueued(); // wakes the poll, which looks at the queue again

    await().atMost(Duration.ofSeconds(30)).until(poll::isDone);
    assertThat(poll.join().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("worker_id", null)
        .containsEntry("started_at", null);
    assertThat(claim("another").jobId()).isEqualTo(row.jobId());
  }

  @Test
  void leaveRequeuesExactlyTheLeasesItsWorkerNeverHeardOf() {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow unheard = fixtures.job(sweep, 3);
    JobFixtures.JobRow heard = fixtures.job(sweep, 3);
    JobFixtures.JobRow others = fixtures.job(sweep, 3);
    JobFixtures.JobRow queued = fixtures.job(sweep, 3);
    assertThat(claim("leaving").jobId()).isEqualTo(unheard.jobId());
    JobAssignment talkedAbout = claim("leaving");
    assertThat(talkedAbout.jobId()).isEqualTo(heard.jobId());
    assertThat(heartbeat(heard.jobId(), talkedAbout.leaseToken(), 0).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(claim("staying").jobId()).isEqualTo(others.jobId());
    Map<Long, Map<String, Object>> before = jobs();
    int eventsBefore = events(sweep, "job").size();

    clock.advance(Duration.ofSeconds(5));
    assertThat(leave("leaving").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    Map<Long, Map<String, Object>> after = jobs();
    // every other job row, every column, as it was
    Map<Long, Map<String, Object>> untouchedBefore = new java.util.HashMap<>(before);
    Map<Long, Map<String, Object>> untouchedAfter = new java.util.HashMap<>(after);
    untouchedBefore.remove(unheard.jobId());
    untouchedAfter.remove(unheard.jobId());
    assertThat(untouchedAfter).isEqualTo(untouchedBefore).containsKeys(heard.jobId());
    assertThat(after.get(heard.jobId()))
        .containsEntry("status", "RUNNING")
        .containsEntry("worker_id", "leaving");
    assertThat(after.get(queued.jobId())).containsEntry("status", "QUEUED");
    // the unheard one: back in the queue under the same attempt, as a release leaves it
    assertThat(after.get(unheard.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 1)
        .containsEntry("worker_id", null)
        .containsEntry("lease_token", null)
        .containsEntry("lease_expires_at", null)
        .containsEntry("lease_unheard", false)
        .containsEntry("unheard_requeues", 0)
        .containsEntry(
            "error",
            "worker leaving stopped before it confirmed its claim; put back at once, not counted"
                + " as an attempt");
    assertThat(trialStatuses(unheard.jobId())).containsOnly("QUEUED");
    List<com.fasterxml.jackson.databind.JsonNode> jobEvents = events(sweep, "job");
    assertThat(jobEvents).hasSize(eventsBefore + 1);
    assertThat(jobEvents.get(jobEvents.size() - 1).path("jobId").asLong())
        .isEqualTo(unheard.jobId());
    assertThat(jobEvents.get(jobEvents.size() - 1).path("status").asText()).isEqualTo("QUEUED");

    // a second leave finds nothing more to do
    Map<Long, Map<String, Object>> settled = jobs();
    assertThat(leave("leaving").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(jobs()).isEqualTo(settled);
  }

  /**
   * The race the leave cannot see: a claim whose statement commits after the leave looked for the
   * worker's leases. A trigger plays the leave's mark landing between the claim's statement and its
   * second look; that look puts the jobs back, and the claim answers empty.
   */
  @Test
  void aClaimThatCommitsAfterTheLeaveLookedHandsItsJobsBack() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    jdbc.execute(
        "CREATE FUNCTION leave_mid_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " INSERT INTO worker (id, registered_at, last_seen_at, left_at)"
            + " VALUES (NEW.worker_id, now(), now(), now())"
            + " ON CONFLICT (id) DO UPDATE SET left_at = now(); RETURN NEW; END $$");
    jdbc.execute(
        "CREATE TRIGGER leave_mid_claim AFTER UPDATE OF worker_id ON job FOR EACH ROW"
            + " WHEN (NEW.worker_id = 'mid-claim') EXECUTE FUNCTION leave_mid_claim()");
    try {
      assertThat(post(WorkerPaths.CLAIM, new ClaimRequest("mid-claim", 0)).getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
    } finally {
      jdbc.execute("DROP TRIGGER leave_mid_claim ON job");
      jdbc.execute("DROP FUNCTION leave_mid_claim()");
    }
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 1)
        .containsEntry("worker_id", null)
        .containsEntry("lease_token", null);
    assertThat(claim("another").jobId()).isEqualTo(row.jobId());
  }

  @Test
  void leaveNeedsAWorkerId() {
    problem(leave(""), HttpStatus.BAD_REQUEST);
  }

  private ResponseEntity<String> leave(String workerId) {
    return post(WorkerPaths.LEAVE, new WorkerLeave(workerId));
  }

  private Map<Long, Map<String, Object>> jobs() {
    return jdbc.queryForList("SELECT * FROM job ORDER BY id").stream()
        .collect(Collectors.toMap(r -> ((Number) r.get("id")).longValue(), r -> r));
  }
}
