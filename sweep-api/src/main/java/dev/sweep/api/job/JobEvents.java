package dev.sweep.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.events.DerivedEvents;
import dev.sweep.api.events.EventLog;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.TrialTarget;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The typed "job", "trial", "epoch" and "sweep" events; nulls are left out of the JSON. Each is
 * written in the transaction of the change it describes.
 */
@Component
class JobEvents implements DerivedEvents {
  private final EventLog log;
  private final ObjectMapper json;

  JobEvents(EventLog log, ObjectMapper json) {
    this.log = log;
    this.json = json;
  }

  /**
   * @param cancelRequested the user asked the job to stop; it still runs until its worker lets go
   * @param trials set when the job's unfinished trials follow it without their rows changing (to
   *     RUNNING on a claim, back to QUEUED on a re-queue): streams send a "trial" event for each
   *     right after this one (see {@link #after}). Null when trial rows changed: those are written
   *     as "trial" events of their own.
   */
  record JobEvent(
      long jobId,
      JobStatus status,
      int attempt,
      String workerId,
      int currentEpoch,
      int plannedEpochs,
      String error,
      boolean cancelRequested,
      List<TrialTarget> trials) {

    static JobEvent of(
        LeasedJob job,
        JobStatus status,
        int attempt,
        String workerId,
        String error,
        List<TrialTarget> trials) {
      return new JobEvent(
          job.id(),
          status,
          attempt,
          workerId,
          job.currentEpoch(),
          job.plannedEpochs(),
          error,
          job.cancelRequested(),
          trials);
    }
  }

  /**
   * The payload of the "job" event a claim writes, as SQL over a claimed job's row {@code row}
   * (columns of {@code job} after the claim, and {@code trials}: the trials it serves as a jsonb
   * array of {@link TrialTarget} objects): the same JSON Jackson writes for {@link JobEvent#of} of
   * a RUNNING job with those trials (no error, so none is written). The claim builds it in its own
   * statement, so claiming takes one round trip; {@code ClaimTest} keeps the two equal.
   */
  static String claimedPayloadSql(String row) {
    return "jsonb_build_object('jobId', "
        + row
        + ".id, 'status', "
        + row
        + ".status, 'attempt', "
        + row
        + ".attempt, 'workerId', "
        + row
        + ".worker_id, 'currentEpoch', "
        + row
        + ".current_epoch, 'plannedEpochs', "
        + row
        + ".planned_epochs, 'cancelRequested', "
        + row
        + ".cancel_requested, 'trials', "
        + row
        + ".trials)";
  }

  record TrialEvent(
      long trialId,
      long jobId,
      TrialStatus status,
      int epochs,
      Double trainLoss,
      Double trainAccuracy,
      Double valLoss,
      Double valAccuracy,
      Double testLoss,
      Double testAccuracy) {
    static TrialEvent status(long trialId, long jobId, TrialStatus status, int epochs) {
      return new TrialEvent(trialId, jobId, status, epochs, null, null, null, null, null, null);
    }

    /** A trial that ended at the reported epoch, with that epoch's metrics as its results. */
    static TrialEvent succeeded(long trialId, long jobId, EpochReport report) {
      return new TrialEvent(
          trialId,
          jobId,
          TrialStatus.SUCCEEDED,
          report.epoch(),
          report.trainLoss(),
          report.trainAccuracy(),
          report.valLoss(),
          report.valAccuracy(),
          report.test().loss(),
          report.test().accuracy());
    }
  }

  /**
   * @param trialIds the served trials whose curves include this epoch (their epochs are at least
   *     this one)
   */
  record EpochEvent(
      long jobId,
      int epoch,
      double trainLoss,
      double trainAccuracy,
      Double valLoss,
      Double valAccuracy,
      double seconds,
      double samplesPerSecond,
      List<Long> trialIds) {
    static EpochEvent of(long jobId, EpochReport report, List<Long> trialIds) {
      return new EpochEvent(
          jobId,
          report.epoch(),
          report.trainLoss(),
          report.trainAccuracy(),
          report.valLoss(),
          report.valAccuracy(),
          report.seconds(),
          report.samplesPerSecond(),
          trialIds);
    }
  }

  record SweepEvent(long sweepId, SweepStatus status) {}

  void job(long sweepId, JobEvent event) {
    log.append(sweepId, "job", event);
  }

  void jobs(long sweepId, List<JobEvent> jobEvents) {
    log.appendAll(sweepId, "job", jobEvents);
  }

  /** One "trial" event per moved trial, all with {@code status}. */
  void trials(long sweepId, long jobId, TrialStatus status, List<TrialTarget> moved) {
    trials(
        sweepId,
        moved.stream()
            .map(t -> TrialEvent.status(t.trialId(), jobId, status, t.epochs()))
            .toList());
  }

  void trials(long sweepId, List<TrialEvent> trialEvents) {
    log.appendAll(sweepId, "trial", trialEvents);
  }

  void epoch(long sweepId, EpochEvent event) {
    log.append(sweepId, "epoch", event);
  }

  void sweep(long sweepId, SweepStatus status) {
    log.append(sweepId, "sweep", new SweepEvent(sweepId, status));
  }

  /** A "job" event that lists its following trials is sent with a "trial" event for each. */
  @Override
  public List<Derived> after(String type, String payload) {
    if (!type.equals("job") || !payload.contains("\"trials\"")) {
      return List.of();
    }
    try {
      JsonNode job = json.readTree(payload);
      long jobId = job.path("jobId").asLong();
      TrialStatus status =
          TrialStatus.shown(TrialStatus.QUEUED, JobStatus.valueOf(job.path("status").asText()));
      List<Derived> derived = new ArrayList<>();
      for (JsonNode trial : job.path("trials")) {
        TrialEvent event =
            TrialEvent.status(
                trial.path("trialId").asLong(), jobId, status, trial.path("epochs").asInt());
        derived.add(new Derived("trial", json.writeValueAsString(event)));
      }
      return derived;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("stored job event does not parse: " + payload, e);
    }
  }
}
