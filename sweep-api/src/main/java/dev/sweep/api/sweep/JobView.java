package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One training run as users see it: which trials it serves and how far it is.
 *
 * @param currentEpoch last epoch fully trained, out of {@code plannedEpochs}
 * @param cancelRequested the sweep was cancelled while this job ran; its worker will stop
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(
    long id,
    long sweepId,
    String status,
    int attempt,
    int maxAttempts,
    String workerId,
    int currentEpoch,
    int plannedEpochs,
    List<ServedTrial> trials,
    String error,
    boolean cancelRequested,
    Instant leaseExpiresAt,
    Instant startedAt,
    Instant finishedAt) {

  public record ServedTrial(long trialId, int epochs) {}
}
