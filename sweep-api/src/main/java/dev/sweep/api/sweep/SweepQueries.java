package dev.sweep.api.sweep;

import dev.sweep.api.job.SweepStatus;
import dev.sweep.api.job.TrialCounts;
import dev.sweep.api.job.TrialStatus;
import dev.sweep.api.web.ApiException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Builds {@link SweepView}s: the row through JPA, trial counts and progress by aggregate SQL. */
@Component
class SweepQueries {
  private final SweepRepository sweeps;
  private final NamedParameterJdbcTemplate jdbc;
  private final TrialCounts trialCounts;

  SweepQueries(SweepRepository sweeps, NamedParameterJdbcTemplate jdbc, TrialCounts trialCounts) {
    this.sweeps = sweeps;
    this.jdbc = jdbc;
    this.trialCounts = trialCounts;
  }

  @Transactional(readOnly = true)
  SweepView get(long id) {
    SweepEntity sweep = sweeps.findById(id).orElseThrow(() -> ApiException.notFound("sweep", id));
    return views(List.of(sweep)).get(0);
  }

  @Transactional(readOnly = true)
  List<SweepView> list(String definitionHash, SweepStatus status, int limit) {
    return views(
        sweeps.search(definitionHash, status == null ? null : status.name(), Limit.of(limit)));
  }

  private List<SweepView> views(List<SweepEntity> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    MapSqlParameterSource ids =
        new MapSqlParameterSource("ids", rows.stream().map(s -> s.id).toList());
    Map<Long, Map<TrialStatus, Long>> counts =
        trialCounts.bySweep(rows.stream().map(s -> s.id).toList());
    Map<Long, Long> done = new HashMap<>();
    jdbc.query(
        "SELECT sweep_id, sum(current_epoch) AS done FROM job WHERE sweep_id IN (:ids)"
            + " GROUP BY sweep_id",
        ids,
        rs -> {
          done.put(rs.getLong("sweep_id"), rs.getLong("done"));
        });
    return rows.stream().map(s -> view(s, counts.get(s.id), done.getOrDefault(s.id, 0L))).toList();
  }

  private static SweepView view(SweepEntity s, Map<TrialStatus, Long> counted, long epochsDone) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counted.forEach((status, n) -> counts.put(status.name(), n));
    double fraction =
        s.epochsPlanned == 0 ? 0 : Math.min(1.0, (double) epochsDone / s.epochsPlanned);
    return new SweepView(
        s.id,
        s.name,
        s.status,
        s.method,
        new SweepView.Metric(s.metricName, s.metricGoal),
        counts,
        s.trialCount,
        s.jobCount,
        s.epochsNaive,
        s.epochsPlanned,
        new SweepView.Progress(epochsDone, s.epochsPlanned, fraction),
        s.definitionHash,
        s.definition,
        s.createdAt,
        s.updatedAt,
        s.startedAt,
        s.finishedAt,
        s.cancelRequestedAt);
  }
}
