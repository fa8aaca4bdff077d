package dev.sweep.contract;

import java.util.List;

/**
 * A claimed fusion group: jobs of one sweep with equal {@link FusionKey}, for one slot to train as
 * one computation. Each job is leased on its own: its own token, heartbeats, epoch reports,
 * checkpoints, cancellation and failure, exactly as if it had been claimed alone.
 *
 * @param jobs at least one, the longest first
 */
public record GroupAssignment(List<JobAssignment> jobs) {}
