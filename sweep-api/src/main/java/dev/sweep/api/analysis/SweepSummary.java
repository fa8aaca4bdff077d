package dev.sweep.api.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The sweep row as analysis, report and curves read it. */
public record SweepSummary(
    long id,
    String name,
    String status,
    String metricName,
    String metricGoal,
    JsonNode definition,
    int trialCount,
    int jobCount,
    long epochsNaive,
    long epochsPlanned,
    Instant createdAt,
    Instant finishedAt) {}
