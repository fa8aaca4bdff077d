package dev.sweep.api.report;

import dev.sweep.api.analysis.AnalysisService;
import dev.sweep.api.analysis.MetricChoice;
import dev.sweep.api.analysis.RankedRun;
import dev.sweep.api.analysis.SweepResults;
import dev.sweep.api.analysis.SweepSummary;
import dev.sweep.api.job.TrialCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Gathers a sweep's report data from the tables and the analysis. */
@Service
class ReportService {
  static final int TOP = 5;

  private final SweepResults results;
  private final AnalysisService analysis;
  private final ComputeSavings compute;
  private final TrialCounts trialCounts;
  private final JdbcTemplate jdbc;

  ReportService(
      SweepResults results,
      AnalysisService analysis,
      ComputeSavings compute,
      TrialCounts trialCounts,
      JdbcTemplate jdbc) {
    this.results = results;
    this.analysis = analysis;
    this.compute = compute;
    this.trialCounts = trialCounts;
    this.jdbc = jdbc;
  }

  ReportData gather(long sweepId, String metricOverride, String baseUrl) {
    SweepSummary sweep = results.sweep(sweepId);
    MetricChoice choice = MetricChoice.resolve(sweep, metricOverride);
    Map<String, Integer> counts = new LinkedHashMap<>();
    trialCounts.of(sweepId).forEach((status, n) -> counts.put(status.name(), n.intValue()));
    int jobs =
        jdbc.queryForObject("SELECT count(*) FROM job WHERE sweep_id = ?", Integer.class, sweepId);
    return new ReportData(
        sweep,
        choice,
        counts,
        jobs,
        analysis.analyse(sweepId, metricOverride),
        RankedRun.distinct(results.top(sweepId, choice, TOP * 8), TOP),
        compute.of(sweepId, sweep.epochsNaive(), sweep.epochsPlanned()),
        baseUrl);
  }
}
