package dev.sweep.api.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.job.TrialStatus;
import dev.sweep.api.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads sweeps and their trials' results straight from the tables, for the results features. */
@Component
public class SweepResults {
  private static final String TRIAL_COLUMNS =
      "id, job_id, params::text AS params, epochs, "
          + TrialStatus.shownSql("trial")
          + " AS status, train_loss, train_accuracy, val_loss, val_accuracy, test_loss,"
          + " test_accuracy";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  SweepResults(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The sweep, or a 404 problem. */
  public SweepSummary sweep(long sweepId) {
    List<SweepSummary> rows =
        jdbc.query(
            "SELECT id, name, status, metric_name, metric_goal, definition::text AS definition,"
                + " trial_count, job_count, epochs_naive, epochs_planned, created_at, finished_at"
                + " FROM sweep WHERE id = ?",
            (rs, i) ->
                new SweepSummary(
                    rs.getLong("id"),
                    rs.getString("name"),
                    rs.getString("status"),
                    rs.getString("metric_name"),
                    rs.getString("metric_goal"),
                    parse(rs.getString("definition")),
                    rs.getInt("trial_count"),
                    rs.getInt("job_count"),
                    rs.getLong("epochs_naive"),
                    rs.getLong("epochs_planned"),
                    instant(rs.getTimestamp("created_at")),
                    instant(rs.getTimestamp("finished_at"))),
            sweepId);
    if (rows.isEmpty()) {
      throw ApiException.notFound("sweep", sweepId);
    }
    return rows.get(0);
  }

  /** Every trial of the sweep, finished or not, in id order. */
  public List<TrialResult> trials(long sweepId) {
    return jdbc.query(
        "SELECT " + TRIAL_COLUMNS + " FROM trial WHERE sweep_id = ? ORDER BY id",
        (rs, i) -> trial(rs),
        sweepId);
  }

  /** The best finished trials by the metric, best first. */
  public List<TrialResult> top(long sweepId, MetricChoice choice, int limit) {
    return jdbc.query(
        "SELECT "
            + TRIAL_COLUMNS
            + " FROM trial WHERE sweep_id = ? AND status = "
            + TrialStatus.SUCCEEDED.sql()
            + " AND "
            + choice.metric().key()
            + " IS NOT NULL ORDER BY "
            + choice.orderBy()
            + " LIMIT ?",
        (rs, i) -> trial(rs),
        sweepId,
        limit);
  }

  /** One trial, or a 404 problem. */
  public TrialResult trial(long trialId) {
    List<TrialResult> rows =
        jdbc.query(
            "SELECT " + TRIAL_COLUMNS + " FROM trial WHERE id = ?", (rs, i) -> trial(rs), trialId);
    if (rows.isEmpty()) {
      throw ApiException.notFound("trial", trialId);
    }
    return rows.get(0);
  }

  private TrialResult trial(ResultSet rs) throws SQLException {
    return new TrialResult(
        rs.getLong("id"),
        rs.getLong("job_id"),
        parse(rs.getString("params")),
        rs.getInt("epochs"),
        rs.getString("status"),
        rs.getObject("train_loss", Double.class),
        rs.getObject("train_accuracy", Double.class),
        rs.getObject("val_loss", Double.class),
        rs.getObject("val_accuracy", Double.class),
        rs.getObject("test_loss", Double.class),
        rs.getObject("test_accuracy", Double.class));
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse", e);
    }
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
