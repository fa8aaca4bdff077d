package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One row of a leaderboard; {@code value} is the ranking metric, rank 1 is best. By default a row
 * is one distinct result: the trials of one job at one epoch count (folded twins such as {@code
 * loss = nll | cross_entropy}) are the same training run with the same metrics.
 *
 * @param trialId the row's first trial; {@code params} are its parameters
 * @param trialIds every trial the row stands for, {@code trialId} first
 * @param folded per parameter on which those trials differ, their values in trial order; empty when
 *     the row is one trial
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LeaderboardEntry(
    int rank,
    long trialId,
    List<Long> trialIds,
    Map<String, Object> params,
    Map<String, List<Object>> folded,
    int epochs,
    double value,
    Double trainLoss,
    Double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    Double testLoss,
    Double testAccuracy) {}
