package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.events.DerivedEvents;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks every allowed and every forbidden status transition: each lifecycle operation is tried on a
 * job in every status. Where the table allows it the job, its trials and their events move as
 * documented; everywhere else the operation is refused and nothing changes, down to the last event
 * row. Trials and sweeps are walked against their own tables the same way.
 */
class TransitionWalkTest extends JobApiTest {
  private static final long TOKEN = 4242;

  @Autowired JobLifecycle lifecycle;
  @Autowired JobClaimer claimer;
  @Autowired JobStore store;
  @Autowired JobEvents jobEvents;
  @Autowired SweepStatusRollup rollup;
  @Autowired TransactionTemplate tx;

  /**
   * Every lifecycle operation, with the one status it moves a job from, where it moves it, and what
   * the job's unfinished trial then shows.
   */
  enum Op {
    CLAIM(JobStatus.QUEUED, JobStatus.RUNNING, TrialStatus.RUNNING),
    COMPLETE(JobStatus.RUNNING, JobStatus.SUCCEEDED, TrialStatus.FAILED),
    FAIL_RETRYABLE(JobStatus.RUNNING, JobStatus.QUEUED, TrialStatus.QUEUED),
    FAIL_FOR_GOOD(JobStatus.RUNNING, JobStatus.FAILED, TrialStatus.FAILED),
    RELEASE(JobStatus.RUNNING, JobStatus.QUEUED, TrialStatus.QUEUED),
    RELEASE_AFTER_CANCEL(JobStatus.RUNNING, JobStatus.CANCELLED, TrialStatus.CANCELLED),
    EXPIRE(JobStatus.RUNNING, JobStatus.QUEUED, TrialStatus.QUEUED),
    EXPIRE_LAST_ATTEMPT(JobStatus.RUNNING, JobStatus.FAILED, TrialStatus.FAILED),
    EXPIRE_AFTER_CANCEL(JobStatus.RUNNING, JobStatus.CANCELLED, TrialStatus.CANCELLED),
    CANCEL(JobStatus.QUEUED, JobStatus.CANCELLED, TrialStatus.CANCELLED),
    PRUNE(JobStatus.RUNNING, JobStatus.PRUNED, TrialStatus.PRUNED),
    RESUME(JobStatus.PRUNED, JobStatus.QUEUED, TrialStatus.QUEUED),
    REUSE(JobStatus.QUEUED, JobStatus.SUCCEEDED, TrialStatus.SUCCEEDED);

    final JobStatus from;
    final JobStatus to;
    final TrialStatus trialTo;

    Op(JobStatus from, JobStatus to, TrialStatus trialTo) {
      this.from = from;
      this.to = to;
      this.trialTo = trialTo;
    }
  }

  @Test
  void theTablesAreTheDocumentedOnes() {
    Map<JobStatus, Set<JobStatus>> jobs = new HashMap<>();
    for (JobStatus s : JobStatus.values()) {
      jobs.put(s, s.next());
    }
    assertThat(jobs)
        .containsEntry(
            JobStatus.QUEUED,
            EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.SUCCEEDED))
        .containsEntry(
            JobStatus.RUNNING,
            EnumSet.of(
                JobStatus.QUEUED,
                JobStatus.SUCCEEDED,
                JobStatus.FAILED,
                JobStatus.CANCELLED,
                JobStatus.PRUNED))
        .containsEntry(JobStatus.PRUNED, EnumSet.of(JobStatus.QUEUED))
        .containsEntry(JobStatus.SUCCEEDED, Set.of())
        .containsEntry(JobStatus.FAILED, Set.of())
        .containsEntry(JobStatus.CANCELLED, Set.of());
    for (TrialStatus s : TrialStatus.values()) {
      // a trial follows its job: same table, and RUNNING -> SUCCEEDED also at its own epoch
      assertThat(s.next().stream().map(Enum::name))
          .containsExactlyInAnyOrderElementsOf(
              JobStatus.valueOf(s.name()).next().stream().map(Enum::name).toList());
    }
    assertThat(SweepStatus.QUEUED.next())
        .containsExactlyInAnyOrder(
            SweepStatus.RUNNING, SweepStatus.SUCCEEDED, SweepStatus.FAILED, SweepStatus.CANCELLED);
    assertThat(SweepStatus.RUNNING.next())
        .containsExactlyInAnyOrder(
            SweepStatus.SUCCEEDED, SweepStatus.FAILED, SweepStatus.CANCELLED);
    assertThat(SweepStatus.SUCCEEDED.next()).containsExactly(SweepStatus.RUNNING);
    assertThat(SweepStatus.FAILED.next()).containsExactly(SweepStatus.RUNNING);
    assertThat(SweepStatus.CANCELLED.next()).isEmpty();
  }

  @Test
  void everyAllowedJobTransitionIsAnOperationAndEveryOperationIsAllowed() {
    Set<String> allowed = new HashSet<>();
    for (JobStatus from : JobStatus.values()) {
      from.next().forEach(to -> allowed.add(from + " -> " + to));
    }
    Set<String> operations = new HashSet<>();
    for (Op op : Op.values()) {
      assertThat(op.from.canMoveTo(op.to)).as(op.name()).isTrue();
      operations.add(op.from + " -> " + op.to);
    }
    assertThat(operations).isEqualTo(allowed);
  }

  static Stream<Arguments> everyOperationFromEveryStatus() {
    return Stream.of(Op.values())
        .flatMap(op -> Stream.of(JobStatus.values()).map(from -> Arguments.of(op, from)));
  }

  @ParameterizedTest(name = "{0} on a {1} job")
  @MethodSource("everyOperationFromEveryStatus")
  void anOperationMovesOnlyAJobInItsStatusAndOtherwiseChangesNothing(Op op, JobStatus from) {
    Setup job = setUp(from, op);
    String before = everything(job.jobId);
    int eventsBefore = eventCount(job.sweepId);

    Throwable refusal = catchThrowable(() -> apply(op, job));

    if (from == op.from) {
      assertThat(refusal).as("refusal").isNull();
      assertThat(job(job.jobId)).containsEntry("status", op.to.name());
      // the trial that ended before keeps its result; the unfinished one follows the job
      assertThat(trialStatuses(job.jobId))
          .containsExactly(
              from == JobStatus.QUEUED ? op.trialTo.name() : "SUCCEEDED", op.trialTo.name());
      assertThat(lastJobEvent(job.sweepId).path("status").asText()).isEqualTo(op.to.name());
      assertThat(announcedTrialStatuses(job.sweepId, eventsBefore))
          .containsEntry(job.unfinishedTrial, op.trialTo.name());
      assertThat(sweepStatus(job.sweepId)).isEqualTo(rolledUp(job.sweepId));
    } else if (op == Op.CANCEL && from == JobStatus.RUNNING) {
      // not a move: the running job is asked to stop, and RELEASE_AFTER_CANCEL or
      // EXPIRE_AFTER_CANCEL ends it CANCELLED
      assertThat(job(job.jobId))
          .containsEntry("status", "RUNNING")
          .containsEntry("cancel_requested", true);
      assertThat(lastJobEvent(job.sweepId).path("cancelRequested").asBoolean()).isTrue();
    } else {
      assertRefused(op, refusal);
      assertThat(everything(job.jobId))
          .as("%s on %s changed something", op, from)
          .isEqualTo(before);
    }
  }

  @Test
  void aTrialMovesOnlyWhereItsTableAllowsWhateverItsRowAndItsJobSay() {
    Setup job = setUp(JobStatus.QUEUED, Op.CLAIM);
    long trial = job.unfinishedTrial;
    // the job's other trial ended for good: no move may touch it
    jdbc.update("UPDATE trial SET status = 'CANCELLED' WHERE id = ?", job.endedTrial);
    for (JobStatus jobStatus : JobStatus.values()) {
      for (TrialStatus stored : TrialStatus.values()) {
        if (!stored.stored()) {
          continue;
        }
        for (TrialStatus to : TrialStatus.values()) {
          jdbc.update("UPDATE job SET status = ? WHERE id = ?", jobStatus.name(), job.jobId);
          jdbc.update("UPDATE trial SET status = ? WHERE id = ?", stored.name(), trial);
          TrialStatus shown = TrialStatus.shown(stored, jobStatus);
          assertThat(trialStatuses(job.jobId).get(1)).isEqualTo(shown.name());
          if (!to.stored()) {
            assertThatThrownBy(() -> move(job.jobId, jobStatus, to))
                .isInstanceOf(IllegalArgumentException.class);
            continue;
          }
          List<?> moved = move(job.jobId, jobStatus, to);
          boolean allowed = shown.canMoveTo(to);
          // RUNNING -> QUEUED is allowed but writes nothing: the row says QUEUED already, and the
          // trial shows it as soon as its job is re-queued
          assertThat(moved)
              .as("%s (stored %s, job %s) -> %s", shown, stored, jobStatus, to)
              .hasSize(allowed && stored != to ? 1 : 0);
          String now =
              jdbc.queryForObject("SELECT status FROM trial WHERE id = ?", String.class, trial);
          assertThat(now).isEqualTo(allowed ? to.name() : stored.name());
        }
      }
    }
  }

  @Test
  void aSweepMovesOnlyWhereItsTableAllows() {
    for (SweepStatus from : SweepStatus.values()) {
      for (SweepStatus to : SweepStatus.values()) {
        if (from == to) {
          continue;
        }
        TestDatabase.reset(jdbc);
        long sweep = fixtures.sweep();
        jobsThatRollUpTo(sweep, to);
        jdbc.update("UPDATE sweep SET status = ? WHERE id = ?", from.name(), sweep);
        String before = jdbc.queryForList("SELECT * FROM sweep").toString() + eventCount(sweep);

        Throwable refusal =
            catchThrowable(() -> tx.executeWithoutResult(s -> rollup.refresh(sweep)));

        if (from.canMoveTo(to)) {
          assertThat(refusal).as("%s -> %s", from, to).isNull();
          assertThat(sweepStatus(sweep)).isEqualTo(to.name());
          assertThat(events(sweep, "sweep"))
              .last()
              .extracting(e -> e.path("status").asText())
              .isEqualTo(to.name());
        } else {
          assertThat(refusal).as("%s -> %s", from, to).isInstanceOf(IllegalStateException.class);
          assertThat(jdbc.queryForList("SELECT * FROM sweep").toString() + eventCount(sweep))
              .isEqualTo(before);
        }
      }
    }
  }

  @Test
  void aSweepWhoseJobsAllSucceededOrWerePrunedSucceeds() {
    long sweep = fixtures.sweep();
    jobsThatRollUpTo(sweep, SweepStatus.SUCCEEDED);
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT status FROM job WHERE sweep_id = ?", String.class, sweep))
        .containsExactlyInAnyOrder("SUCCEEDED", "PRUNED");
    SweepStatus rolled = tx.execute(s -> rollup.refresh(sweep));
    assertThat(rolled).isEqualTo(SweepStatus.SUCCEEDED);
  }

  @Test
  void aPrunedJobThatResumesTrainsOnFromWhereItStopped() {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow row = fixtures.job(sweep, 1, 3);
    var a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, true)));
    lifecycle.prune(row.jobId());
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "PRUNED");
    assertThat(sweepStatus(sweep)).isEqualTo("SUCCEEDED");
    assertStale(heartbeat(row.jobId(), a.leaseToken(), 1));

    lifecycle.resume(row.jobId());
    assertThat(sweepStatus(sweep)).isEqualTo("RUNNING");
    var b = claimer.claim("w2").orElseThrow();
    assertThat(b.jobId()).isEqualTo(row.jobId());
    assertThat(b.trials()).extracting(t -> t.trialId()).containsExactly(row.trialIds().get(1));
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "RUNNING");
  }

  // --- operations ---

  private void apply(Op op, Setup job) {
    switch (op) {
      case CLAIM -> claimer.claim("w2").orElseThrow(() -> new Refused("nothing to claim"));
      case COMPLETE -> lifecycle.complete(job.jobId, TOKEN);
      case FAIL_RETRYABLE -> lifecycle.fail(job.jobId, TOKEN, "CUDA error", true);
      case FAIL_FOR_GOOD -> lifecycle.fail(job.jobId, TOKEN, "bad config", false);
      case RELEASE, RELEASE_AFTER_CANCEL -> lifecycle.release(job.jobId, TOKEN, "shutting down");
      case EXPIRE, EXPIRE_LAST_ATTEMPT, EXPIRE_AFTER_CANCEL -> {
        if (reaper.reap() == 0) {
          throw new Refused("nothing expired");
        }
      }
      case CANCEL -> lifecycle.cancelSweep(job.sweepId);
      case PRUNE -> lifecycle.prune(job.jobId);
      case RESUME -> lifecycle.resume(job.jobId);
      case REUSE -> {
        if (lifecycle.reuseCached(job.sweepId) == 0) {
          throw new Refused("no finished run serves it");
        }
      }
    }
  }

  private static void assertRefused(Op op, Throwable refusal) {
    switch (op) {
      case CLAIM, EXPIRE, EXPIRE_LAST_ATTEMPT, EXPIRE_AFTER_CANCEL, REUSE ->
          assertThat(refusal).isInstanceOf(Refused.class);
      // a finished sweep's cancel, or a second one, is a no-op by design
      case CANCEL -> assertThat(refusal).isNull();
      default -> {
        assertThat(refusal).isInstanceOf(ApiException.class);
        assertThat(((ApiException) refusal).status()).isEqualTo(HttpStatus.CONFLICT);
      }
    }
  }

  /** The operation found nothing to act on: no queued job to claim, no expired lease to reap. */
  static final class Refused extends RuntimeException {
    Refused(String why) {
      super(why);
    }
  }

  // --- set-up ---

  record Setup(long sweepId, long jobId, long endedTrial, long unfinishedTrial) {}

  /**
   * A job in {@code status} serving a 1-epoch and a 3-epoch trial, as the lifecycle would have left
   * it: past epoch 1 once it ran (the short trial SUCCEEDED), and with what {@code op} needs (a
   * cancel request, its last attempt, an expired lease). The sweep's status is rolled up from it.
   */
  private Setup setUp(JobStatus status, Op op) {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow row = fixtures.job(sweep, 1, 3);
    long jobId = row.jobId();
    long ended = row.trialIds().get(0);
    long unfinished = row.trialIds().get(1);
    Timestamp start = Timestamp.from(JobTestConfig.START);
    if (status != JobStatus.QUEUED) {
      jdbc.update(
          "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
              + " val_accuracy, seconds, samples_per_second, reported_at)"
              + " VALUES (?, 1, 0.9, 0.6, 1.0, 0.55, 4.5, 13000, ?)",
          jobId,
          start);
      jdbc.update(
          "UPDATE trial SET status = 'SUCCEEDED', train_loss = 0.9, train_accuracy = 0.6,"
              + " val_loss = 1.0, val_accuracy = 0.55, test_loss = 1.1, test_accuracy = 0.5,"
              + " finished_at = ? WHERE id = ?",
          start,
          ended);
      jdbc.update(
          "UPDATE job SET started_at = ?, current_epoch = 1, worker_id = 'w1' WHERE id = ?",
          start,
          jobId);
    }
    if (status == JobStatus.RUNNING) {
      boolean expired = op.name().startsWith("EXPIRE");
      jdbc.update(
          "UPDATE job SET status = 'RUNNING', lease_token = ?, lease_expires_at = ? WHERE id = ?",
          TOKEN,
          Timestamp.from(JobTestConfig.START.plus(Duration.ofSeconds(expired ? -1 : 60))),
          jobId);
    } else if (status != JobStatus.QUEUED) {
      jdbc.update(
          "UPDATE job SET status = ?, finished_at = ? WHERE id = ?", status.name(), start, jobId);
      jdbc.update("UPDATE trial SET status = ? WHERE id = ?", status.name(), unfinished);
    }
    if (op == Op.RELEASE_AFTER_CANCEL || op == Op.EXPIRE_AFTER_CANCEL) {
      fixtures.requestCancel(jobId);
    }
    if (op == Op.EXPIRE_LAST_ATTEMPT) {
      jdbc.update("UPDATE job SET attempt = max_attempts WHERE id = ?", jobId);
    }
    if (op == Op.REUSE) {
      finishedRunWithKey(jobId);
    }
    tx.executeWithoutResult(s -> rollup.refresh(sweep));
    return new Setup(sweep, jobId, ended, unfinished);
  }

  /**
   * A SUCCEEDED job of another sweep with the same cache key as {@code jobId}: epochs 1 to 3 and
   * trials ending at 1 and 3, with test metrics, so the result cache can serve {@code jobId}.
   */
  private void finishedRunWithKey(long jobId) {
    JobFixtures.JobRow source = fixtures.job(fixtures.sweep(), 1, 3);
    for (int e = 1; e <= 3; e++) {
      jdbc.update(
          "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
              + " val_accuracy, seconds, samples_per_second, reported_at)"
              + " VALUES (?, ?, 0.9, 0.6, 1.0, 0.55, 4.5, 13000, now())",
          source.jobId(),
          e);
    }
    jdbc.update(
        "UPDATE trial SET status = 'SUCCEEDED', train_loss = 0.9, train_accuracy = 0.6,"
            + " val_loss = 1.0, val_accuracy = 0.55, test_loss = 1.1, test_accuracy = 0.5,"
            + " finished_at = now() WHERE job_id = ?",
        source.jobId());
    jdbc.update(
        "UPDATE job SET status = 'SUCCEEDED', current_epoch = 3, started_at = now(),"
            + " finished_at = now(), cache_key = 'walk' WHERE id = ?",
        source.jobId());
    jdbc.update("UPDATE job SET cache_key = 'walk' WHERE id = ?", jobId);
  }

  /** Jobs from which {@link SweepStatusRollup} derives {@code status}. */
  private void jobsThatRollUpTo(long sweep, SweepStatus status) {
    long one = fixtures.job(sweep, 2).jobId();
    long two = fixtures.job(sweep, 2).jobId();
    String[] jobs =
        switch (status) {
          case QUEUED -> new String[] {"QUEUED", "QUEUED"};
          case RUNNING -> new String[] {"RUNNING", "SUCCEEDED"};
          case SUCCEEDED -> new String[] {"SUCCEEDED", "PRUNED"};
          case FAILED -> new String[] {"FAILED", "PRUNED"};
          case CANCELLED -> new String[] {"CANCELLED", "SUCCEEDED"};
        };
    jdbc.update(
        "UPDATE job SET status = ?, started_at = CASE WHEN ? THEN now() END WHERE id = ?",
        jobs[0],
        status != SweepStatus.QUEUED,
        one);
    jdbc.update(
        "UPDATE job SET status = ?, started_at = CASE WHEN ? THEN now() END WHERE id = ?",
        jobs[1],
        status != SweepStatus.QUEUED,
        two);
    if (status == SweepStatus.CANCELLED) {
      jdbc.update("UPDATE sweep SET cancel_requested_at = now() WHERE id = ?", sweep);
    }
  }

  // --- reading ---

  private List<?> move(long jobId, JobStatus jobStatus, TrialStatus to) {
    return tx.execute(s -> store.moveTrials(jobId, jobStatus, to, Timestamp.from(clock.instant())));
  }

  private String rolledUp(long sweepId) {
    return tx.execute(s -> rollup.refresh(sweepId)).name();
  }

  private int eventCount(long sweepId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM sweep_event WHERE sweep_id = ?", Integer.class, sweepId);
  }

  private JsonNode lastJobEvent(long sweepId) {
    List<JsonNode> jobs = events(sweepId, "job");
    return jobs.get(jobs.size() - 1);
  }

  /**
   * The trial statuses a client following the stream saw announced after event number {@code skip}:
   * stored "trial" events, and those streams derive from "job" events.
   */
  private Map<Long, String> announcedTrialStatuses(long sweepId, int skip) {
    Map<Long, String> announced = new HashMap<>();
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT type, payload::text AS payload FROM sweep_event WHERE sweep_id = ?"
                + " ORDER BY id OFFSET ?",
            sweepId,
            skip);
    for (Map<String, Object> row : rows) {
      String type = (String) row.get("type");
      String payload = (String) row.get("payload");
      if (type.equals("trial")) {
        record(announced, payload);
      }
      for (DerivedEvents.Derived d : jobEvents.after(type, payload)) {
        record(announced, d.payload());
      }
    }
    return announced;
  }

  private void record(Map<Long, String> announced, String trialEvent) {
    JsonNode e = read(trialEvent);
    announced.put(e.path("trialId").asLong(), e.path("status").asText());
  }

  private JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
