package dev.sweep.api.job;

import dev.sweep.api.events.EventLog;
import java.util.List;
import org.springframework.stereotype.Component;

/** The "job", "trial" and "epoch" events of the worker protocol; nulls are left out of the JSON. */
@Component
class JobEvents {
  private final EventLog log;

  JobEvents(EventLog log) {
    this.log = log;
  }

  record JobEvent(
      long jobId,
      String status,
      int attempt,
      String workerId,
      int currentEpoch,
      int plannedEpochs,
      String error) {}

  record TrialEvent(
      long trialId,
      long jobId,
      String status,
      int epochs,
      Double trainLoss,
      Double trainAccuracy,
      Double valLoss,
      Double valAccuracy,
      Double testLoss,
      Double testAccuracy) {
    static TrialEvent status(long trialId, long jobId, String status, int epochs) {
      return new TrialEvent(trialId, jobId, status, epochs, null, null, null, null, null, null);
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
      double valLoss,
      double valAccuracy,
      double seconds,
      double samplesPerSecond,
      List<Long> trialIds) {}

  void job(long sweepId, JobEvent event) {
    log.append(sweepId, "job", event);
  }

  void trials(long sweepId, List<TrialEvent> trialEvents) {
    log.appendAll(sweepId, "trial", trialEvents);
  }

  void epoch(long sweepId, EpochEvent event) {
    log.append(sweepId, "epoch", event);
  }
}
