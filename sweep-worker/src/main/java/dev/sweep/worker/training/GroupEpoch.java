package dev.sweep.worker.training;

import java.util.Map;
import java.util.Set;

/**
 * What one epoch of a fused group gave each member.
 *
 * @param trained per job that trained the whole epoch: its metrics (validation included)
 * @param diverged per job whose loss turned NaN or infinite: the reason, "diverged at epoch N"; it
 *     has left the group
 * @param stopped jobs whose stop signal came during the epoch: they have left the group, their
 *     partial epoch is lost and their last checkpoint stands
 */
public record GroupEpoch(
    int epoch, Map<Long, EpochMetrics> trained, Map<Long, String> diverged, Set<Long> stopped) {}
