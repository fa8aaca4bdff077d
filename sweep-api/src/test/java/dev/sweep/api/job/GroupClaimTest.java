package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.GroupAssignment;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A slot claims a fusion group as one unit; each job keeps its own lease. */
class GroupClaimTest extends JobApiTest {
  @Autowired JobClaimer claimer;
  @Autowired JobLifecycle lifecycle;
  @Autowired DataSource dataSource;

  @Test
  void aClaimTakesTheLongestJobWithTheRestOfItsGroupEachUnderItsOwnToken() {
    long sweep = fixtures.sweep();
    List<Long> a = group(sweep, 0, 3, 3, 3, 3);
    List<Long> b = group(sweep, 1, 8, 8);
    long alone = fixtures.job(sweep, 5).jobId();

    List<JobAssignment> first = claimer.claimGroup("w1", 4);
    assertThat(first).extracting(JobAssignment::jobId).containsExactlyElementsOf(b);
    assertThat(first).extracting(JobAssignment::leaseToken).doesNotHaveDuplicates();
    for (JobAssignment j : first) {
      assertThat(job(j.jobId()))
          .containsEntry("status", "RUNNING")
          .containsEntry("worker_id", "w1")
          .containsEntry("lease_token", j.leaseToken());
      assertThat(j.trials()).hasSize(1);
      assertThat(trialStatuses(j.jobId())).containsOnly("RUNNING");
    }
    // one RUNNING event per job, as if each had been claimed alone
    assertThat(events(sweep, "job")).hasSize(2);

    // longest first: the 5-epoch job without a group before the 3-epoch group
    assertThat(claimer.claimGroup("w2", 4)).extracting(JobAssignment::jobId).containsExactly(alone);
    // the worker's limit caps the group; the rest stays queued for the next claim
    assertThat(claimer.claimGroup("w3", 3))
        .extracting(JobAssignment::jobId)
        .containsExactlyElementsOf(a.subList(0, 3));
    assertThat(claimer.claimGroup("w4", 4))
        .extracting(JobAssignment::jobId)
        .containsExactly(a.get(3));
    assertThat(claimer.claimGroup("w4", 4)).isEmpty();
  }

  @Test
  void aClaimRacingAnotherForTheSameGroupTakesTheNextGroupInstead() throws Exception {
    long sweep = fixtures.sweep();
    List<Long> a = group(sweep, 0, 1, 1);
    List<Long> b = group(sweep, 1, 1, 1);
    // the other claimer, mid-statement: it has locked the head of group a and not yet the rest
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT id FROM job WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, a.get(0));
        lock.executeQuery().close();
      }
      // before: this claim skipped the locked head and took a's second job alone, so the sweep's
      // two groups trained as three units
      assertThat(claimer.claimGroup("w2", 4))
          .extracting(JobAssignment::jobId)
          .containsExactlyElementsOf(b);
      other.rollback();
    }
    assertThat(claimer.claimGroup("w1", 4))
        .extracting(JobAssignment::jobId)
        .containsExactlyElementsOf(a);
  }

  @Test
  void eachJobOfAGroupEndsOnItsOwn() {
    long sweep = fixtures.sweep();
    group(sweep, 0, 2, 2, 2);
    List<JobAssignment> g = claimer.claimGroup("w1", 3);

    lifecycle.fail(g.get(0).jobId(), g.get(0).leaseToken(), "diverged at epoch 1", false);
    lifecycle.release(g.get(1).jobId(), g.get(1).leaseToken(), null);

    assertThat(job(g.get(0).jobId())).containsEntry("status", "FAILED");
    assertThat(job(g.get(1).jobId())).containsEntry("status", "QUEUED");
    assertThat(job(g.get(2).jobId())).containsEntry("status", "RUNNING");
    // another job's token is refused: tokens are per job, not per group
    assertThat(
            problem(
                post(
                    WorkerPaths.COMPLETE,
                    new dev.sweep.contract.JobOutcome(g.get(0).leaseToken(), null, true),
                    g.get(2).jobId()),
                HttpStatus.CONFLICT))
        .isNotNull();
    // the released job is claimable again, alone
    assertThat(claimer.claimGroup("w2", 3))
        .extracting(JobAssignment::jobId)
        .containsExactly(g.get(1).jobId());
  }

  @Test
  void overHttpAGroupComesAsOneAssignmentAndABadLimitNamesTheField() {
    long sweep = fixtures.sweep();
    List<Long> ids = group(sweep, 7, 4, 4);

    ResponseEntity<String> response = post(WorkerPaths.CLAIM_GROUP, new ClaimRequest("w1", 0, 4));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(response, GroupAssignment.class).jobs())
        .extracting(JobAssignment::jobId)
        .containsExactlyElementsOf(ids);
    assertThat(post(WorkerPaths.CLAIM_GROUP, new ClaimRequest("w1", 0, 4)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            problem(
                    post(WorkerPaths.CLAIM_GROUP, new ClaimRequest("w1", 0, -1)),
                    HttpStatus.BAD_REQUEST)
                .path("field")
                .asText())
        .isEqualTo("maxJobs");
  }

  @Test
  void aWorkerOlderThanGroupsStillClaimsOneJobAtATime() {
    long sweep = fixtures.sweep();
    List<Long> ids = group(sweep, 0, 2, 2);
    // the JSON an old worker sends: no maxJobs
    ResponseEntity<String> response =
        post(WorkerPaths.CLAIM, java.util.Map.of("workerId", "old", "waitMillis", 0));
    assertThat(read(response, JobAssignment.class).jobId()).isEqualTo(ids.get(0));
    assertThat(job(ids.get(1))).containsEntry("status", "QUEUED");
  }

  @Test
  void eightSlotsClaimingGroupsTakeEveryJobExactlyOnce() throws Exception {
    long sweep = fixtures.sweep();
    List<Long> queued = fixtures.queue(sweep, 800, 1);
    // groups of 4 consecutive jobs
    jdbc.update(
        "UPDATE job SET fusion_group = (id - ?) / 4 WHERE sweep_id = ?", queued.get(0), sweep);
    Queue<Long> claimed = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String worker = "w" + i;
        running.add(
            pool.submit(
                () -> {
                  List<JobAssignment> next;
                  while (!(next = claimer.claimGroup(worker, 4)).isEmpty()) {
                    assertThat(next).hasSizeLessThanOrEqualTo(4);
                    next.forEach(j -> claimed.add(j.jobId()));
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(claimed).hasSize(800).containsExactlyInAnyOrderElementsOf(queued);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(DISTINCT lease_token) FROM job WHERE status = 'RUNNING'", Long.class))
        .isEqualTo(800);
  }

  private List<Long> group(long sweep, int group, int... plannedEpochs) {
    List<Long> ids = new ArrayList<>();
    for (int epochs : plannedEpochs) {
      long id = fixtures.job(sweep, epochs).jobId();
      jdbc.update("UPDATE job SET fusion_group = ? WHERE id = ?", group, id);
      ids.add(id);
    }
    return ids;
  }
}
