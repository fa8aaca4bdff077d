package dev.sweep.contract;

import java.time.Instant;
import java.util.List;

/**
 * A claimed job: what to train, for how long, and which trials end at which epoch.
 *
 * @param leaseToken fencing token; every later write for this job must carry it
 * @param plannedEpochs the largest epoch count among the served trials
 * @param trials the trials this job serves; a trial's result is the job's metrics at its epochs
 * @param resumeFromEpoch the epoch of the newest stored checkpoint, or 0 to start from scratch
 */
public record JobAssignment(
    long jobId,
    long sweepId,
    long leaseToken,
    Instant leaseExpiresAt,
    int attempt,
    TrainingConfig config,
    int plannedEpochs,
    List<TrialTarget> trials,
    int resumeFromEpoch) {}
