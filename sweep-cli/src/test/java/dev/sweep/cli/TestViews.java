package dev.sweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test-data builders for the API views the CLI renders. */
final class TestViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestViews() {}

  static SweepBuilder sweep() {
    return new SweepBuilder();
  }

  static JsonNode params(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ApiViews.Job job(long id, String status, int current, int planned, int trials) {
    List<ApiViews.JobTrial> served =
        java.util.stream.IntStream.range(0, trials)
            .mapToObj(i -> new ApiViews.JobTrial(id * 10 + i, planned))
            .toList();
    return new ApiViews.Job(id, status, 1, "w-1", current, planned, served);
  }

  static ApiViews.Best best(long trialId, double value, String params) {
    return new ApiViews.Best(
        trialId,
        params(params),
        3,
        new ApiViews.Metric("val_accuracy", "maximize", value),
        0.31234,
        0.8876,
        0.35,
        value,
        0.37,
        0.8733);
  }

  static ApiViews.LeaderboardEntry entry(int rank, long trialId, double value, String params) {
    return new ApiViews.LeaderboardEntry(
        rank, trialId, params(params), null, 3, value, 0.3, 0.9, 0.35, value, 0.36, 0.87);
  }

  /** A row standing for folded twins that differ in {@code folded} ({"loss": [..]}). */
  static ApiViews.LeaderboardEntry folded(
      int rank, long trialId, double value, String params, String folded) {
    return new ApiViews.LeaderboardEntry(
        rank, trialId, params(params), params(folded), 3, value, 0.3, 0.9, 0.35, value, 0.36, 0.87);
  }

  static final class SweepBuilder {
    private long id = 3;
    private String status = "RUNNING";
    private final Map<String, Integer> counts = new HashMap<>();
    private int trials = 24;
    private int jobs = 6;
    private long epochsNaive = 96;
    private long epochsPlanned = 40;
    private long epochsDone = 10;
    private String hash = "abc";

    SweepBuilder id(long id) {
      this.id = id;
      return this;
    }

    SweepBuilder status(String status) {
      this.status = status;
      return this;
    }

    SweepBuilder count(String status, int n) {
      counts.put(status, n);
      return this;
    }

    SweepBuilder trials(int trials) {
      this.trials = trials;
      return this;
    }

    SweepBuilder epochs(long done, long planned) {
      this.epochsDone = done;
      this.epochsPlanned = planned;
      return this;
    }

    SweepBuilder hash(String hash) {
      this.hash = hash;
      return this;
    }

    ApiViews.Sweep build() {
      return new ApiViews.Sweep(
          id,
          "quick",
          status,
          "grid",
          new ApiViews.Metric("val_accuracy", "maximize", null),
          Map.copyOf(counts),
          trials,
          jobs,
          epochsNaive,
          epochsPlanned,
          new ApiViews.Progress(
              epochsDone,
              epochsPlanned,
              epochsPlanned == 0 ? 0 : (double) epochsDone / epochsPlanned),
          hash,
          Instant.parse("2025-01-01T00:00:00Z"),
          null,
          null);
    }
  }
}
