package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** One row of a leaderboard; {@code value} is the ranking metric, rank 1 is best. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LeaderboardEntry(
    int rank,
    long trialId,
    Map<String, Object> params,
    int epochs,
    double value,
    Double trainLoss,
    Double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    Double testLoss,
    Double testAccuracy) {}
