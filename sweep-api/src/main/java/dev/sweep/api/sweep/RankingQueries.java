package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.job.TrialStatus;
import dev.sweep.api.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Best trial and leaderboard over SUCCEEDED trials, by their stored final metrics. The query walks
 * the partial index on (sweep_id, metric) WHERE status = 'SUCCEEDED', so it never reads epoch rows.
 */
@Component
class RankingQueries {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS =
      new TypeReference<>() {};
  private static final String COLUMNS =
      "id, params, epochs, train_loss, train_accuracy, val_loss, val_accuracy, test_loss,"
          + " test_accuracy";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  RankingQueries(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The metric and goal to rank by: the sweep's, unless {@code metric} overrides it. */
  record Ranking(String metric, String goal) {
    String orderBy() {
      return metric + (goal.equals("maximize") ? " DESC" : " ASC") + ", id";
    }
  }

  Ranking ranking(long sweepId, String metric) {
    // two columns by JDBC, not the entity: this sits on the hot path of /best
    List<Ranking> sweep =
        jdbc.query(
            "SELECT metric_name, metric_goal FROM sweep WHERE id = ?",
            (rs, n) -> new Ranking(rs.getString(1), rs.getString(2)),
            sweepId);
    if (sweep.isEmpty()) {
      throw ApiException.notFound("sweep", sweepId);
    }
    if (metric == null || metric.isBlank() || metric.equals(sweep.get(0).metric())) {
      return sweep.get(0);
    }
    if (!DefinitionValidator.METRICS.contains(metric)) {
      throw ApiException.badRequest(
          "metric",
          "unknown metric '"
              + metric
              + "'; use one of "
              + String.join(", ", DefinitionValidator.METRICS));
    }
    return new Ranking(metric, DefinitionValidator.defaultGoal(metric));
  }

  BestView best(long sweepId, String metric) {
    Ranking ranking = ranking(sweepId, metric);
    List<BestView> best =
        jdbc.query(
            rankedSql(ranking),
            (rs, n) ->
                new BestView(
                    rs.getLong("id"),
                    params(rs),
                    rs.getInt("epochs"),
                    new BestView.Metric(
                        ranking.metric(), ranking.goal(), rs.getDouble(ranking.metric())),
                    (Double) rs.getObject("train_loss"),
                    (Double) rs.getObject("train_accuracy"),
                    (Double) rs.getObject("val_loss"),
                    (Double) rs.getObject("val_accuracy"),
                    (Double) rs.getObject("test_loss"),
                    (Double) rs.getObject("test_accuracy")),
            sweepId,
            1);
    if (best.isEmpty()) {
      throw new ApiException(HttpStatus.NOT_FOUND, null, noneYet(sweepId, ranking.metric()));
    }
    return best.get(0);
  }

  /** Why there is no best: not "yet" when the sweep can never measure the metric. */
  private String noneYet(long sweepId, String metric) {
    Integer validation =
        jdbc.queryForObject(
            "SELECT (definition #>> '{dataset,validation_size}')::int FROM sweep WHERE id = ?",
            Integer.class,
            sweepId);
    if (metric.startsWith("val_") && validation != null && validation == 0) {
      return "sweep "
          + sweepId
          + " trains without validation images (dataset.validation_size 0), so no trial has "
          + metric
          + "; rank by train_accuracy or train_loss";
    }
    return "sweep " + sweepId + " has no finished trial with " + metric + " yet";
  }

  /**
   * The best trials, best first: one row per distinct result (the trials of one job at one epoch
   * count, folded twins, share every metric), or one row per trial when {@code expand}.
   */
  List<LeaderboardEntry> leaderboard(long sweepId, String metric, int limit, boolean expand) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest(
          "limit", "limit must be between 1 and 1000 (got " + limit + ")");
    }
    Ranking ranking = ranking(sweepId, metric);
    return jdbc.query(
        expand ? expandedSql(ranking) : distinctSql(ranking),
        (rs, n) ->
            new LeaderboardEntry(
                n + 1,
                rs.getLong("id"),
                ids(rs),
                params(rs),
                folded(rs),
                rs.getInt("epochs"),
                rs.getDouble(ranking.metric()),
                (Double) rs.getObject("train_loss"),
                (Double) rs.getObject("train_accuracy"),
                (Double) rs.getObject("val_loss"),
                (Double) rs.getObject("val_accuracy"),
                (Double) rs.getObject("test_loss"),
                (Double) rs.getObject("test_accuracy")),
        sweepId,
        limit);
  }

  private static String expandedSql(Ranking ranking) {
    return "SELECT "
        + COLUMNS
        + ", ARRAY[id] AS ids, NULL AS all_params FROM ("
        + rankedSql(ranking)
        + ") r ORDER BY "
        + ranking.orderBy();
  }

  /**
   * Twins share a job, an epoch count and so every metric: group them, best group first. The
   * metrics are equal within a group, so min() only picks the one value.
   */
  private static String distinctSql(Ranking ranking) {
    return "SELECT min(id) AS id, (array_agg(params ORDER BY id))[1] AS params, epochs,"
        + " min(train_loss) AS train_loss, min(train_accuracy) AS train_accuracy,"
        + " min(val_loss) AS val_loss, min(val_accuracy) AS val_accuracy,"
        + " min(test_loss) AS test_loss, min(test_accuracy) AS test_accuracy,"
        + " array_agg(id ORDER BY id) AS ids, jsonb_agg(params ORDER BY id)::text AS all_params"
        + " FROM trial WHERE sweep_id = ? AND status = "
        + TrialStatus.SUCCEEDED.sql()
        + " AND "
        + ranking.metric()
        + " IS NOT NULL GROUP BY job_id, epochs ORDER BY min("
        + ranking.metric()
        + ")"
        + (ranking.goal().equals("maximize") ? " DESC" : " ASC")
        + ", min(id) LIMIT ?";
  }

  private static List<Long> ids(ResultSet rs) throws SQLException {
    return List.of((Long[]) rs.getArray("ids").getArray());
  }

  /** The parameters on which a group's trials differ, with their values in trial order. */
  private Map<String, List<Object>> folded(ResultSet rs) throws SQLException {
    String all = rs.getString("all_params");
    Map<String, List<Object>> folded = new TreeMap<>();
    if (all == null) {
      return folded;
    }
    List<Map<String, Object>> twins;
    try {
      twins = json.readValue(all, LIST_OF_MAPS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("trial params are not JSON", e);
    }
    if (twins.size() < 2) {
      return folded;
    }
    for (String key : twins.get(0).keySet()) {
      List<Object> values = new ArrayList<>();
      for (Map<String, Object> t : twins) {
        if (!values.contains(t.get(key))) {
          values.add(t.get(key));
        }
      }
      if (values.size() > 1) {
        folded.put(key, values);
      }
    }
    return folded;
  }

  // The metric is one of four fixed column names, checked above, never user text.
  private static String rankedSql(Ranking ranking) {
    return "SELECT "
        + COLUMNS
        + " FROM trial WHERE sweep_id = ? AND status = "
        + TrialStatus.SUCCEEDED.sql()
        + " AND "
        + ranking.metric()
        + " IS NOT NULL ORDER BY "
        + ranking.orderBy()
        + " LIMIT ?";
  }

  private Map<String, Object> params(ResultSet rs) throws SQLException {
    try {
      return json.readValue(rs.getString("params"), MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("trial params are not JSON", e);
    }
  }
}
