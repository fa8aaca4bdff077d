package dev.sweep.worker.training;

import dev.sweep.contract.TrainingConfig;

/**
 * One job of a fused group: its id, its configuration, and the checkpoint it resumes from (null to
 * start from scratch). All members of a group resume from the same epoch.
 */
public record Member(long jobId, TrainingConfig config, byte[] checkpoint) {
  public static Member fresh(long jobId, TrainingConfig config) {
    return new Member(jobId, config, null);
  }
}
