package dev.sweep.api.pruning;

import java.time.Instant;

/**
 * Why early termination stopped a job, as stored and as {@code GET /api/trials/{id}} shows it.
 *
 * @param rule hyperband or median
 * @param rung the epoch at which the job was judged
 * @param metric the sweep's metric
 * @param value the job's value of it at the rung
 * @param cutoff the value it needed to go on
 * @param compared how many other jobs had reached the rung
 */
public record PruneDecision(
    String rule,
    int rung,
    String metric,
    double value,
    double cutoff,
    int compared,
    Instant decidedAt) {}
