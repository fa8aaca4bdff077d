package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.job.TrialStatus;
import dev.sweep.api.pruning.PruneDecision;
import dev.sweep.api.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trials, one at a time or a page at a time, and a trial's per-epoch curve. Statuses are shown as
 * {@link TrialStatus} derives them: RUNNING while the trial's job runs.
 */
@Component
class TrialQueries {
  static final int MAX_PAGE_SIZE = 1000;
  private static final String SELECT =
      "SELECT t.id, t.sweep_id, t.job_id, t.identity, t.params::text AS params, t.epochs, "
          + TrialStatus.shownSql("t")
          + " AS status, t.train_loss, t.train_accuracy, t.val_loss, t.val_accuracy, t.test_loss,"
          + " t.test_accuracy, t.finished_at, p.rule AS pruned_rule, p.rung AS pruned_rung,"
          + " p.metric AS pruned_metric, p.value AS pruned_value, p.cutoff AS pruned_cutoff,"
          + " p.compared AS pruned_compared, p.decided_at AS pruned_at FROM trial t"
          // the newest decision of the trial's job, for a trial that is PRUNED now
          + " LEFT JOIN LATERAL (SELECT * FROM prune_decision d WHERE d.job_id = t.job_id"
          + " AND t.status = "
          + TrialStatus.PRUNED.sql()
          + " ORDER BY d.rung DESC LIMIT 1) p ON TRUE";
  private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {};

  private final SweepRepository sweeps;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  TrialQueries(SweepRepository sweeps, JdbcTemplate jdbc, ObjectMapper json) {
    this.sweeps = sweeps;
    this.jdbc = jdbc;
    this.json = json;
  }

  @Transactional(readOnly = true)
  TrialView get(long id) {
    List<TrialView> rows = jdbc.query(SELECT + " WHERE t.id = ?", this::view, id);
    if (rows.isEmpty()) {
      throw ApiException.notFound("trial", id);
    }
    return rows.get(0);
  }

  @Transactional(readOnly = true)
  TrialView.Page page(long sweepId, TrialStatus status, int page, int size) {
    if (page < 0) {
      throw ApiException.badRequest("page", "page must be 0 or more (got " + page + ")");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.badRequest(
          "size", "size must be between 1 and " + MAX_PAGE_SIZE + " (got " + size + ")");
    }
    if (!sweeps.existsById(sweepId)) {
      throw ApiException.notFound("sweep", sweepId);
    }
    String where = " WHERE t.sweep_id = ?" + (status == null ? "" : " AND " + status.whereSql("t"));
    long total = jdbc.queryForObject("SELECT count(*) FROM trial t" + where, Long.class, sweepId);
    List<TrialView> items =
        jdbc.query(
            SELECT + where + " ORDER BY t.id LIMIT ? OFFSET ?",
            this::view,
            sweepId,
            size,
            (long) page * size);
    return new TrialView.Page(new ArrayList<>(items), page, size, total);
  }

  private TrialView view(ResultSet rs, int row) throws SQLException {
    Map<String, Object> params;
    try {
      params = json.readValue(rs.getString("params"), PARAMS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored trial params do not parse", e);
    }
    return new TrialView(
        rs.getLong("id"),
        rs.getLong("sweep_id"),
        rs.getLong("job_id"),
        rs.getString("identity"),
        rs.getString("status"),
        params,
        rs.getInt("epochs"),
        rs.getObject("train_loss", Double.class),
        rs.getObject("train_accuracy", Double.class),
        rs.getObject("val_loss", Double.class),
        rs.getObject("val_accuracy", Double.class),
        rs.getObject("test_loss", Double.class),
        rs.getObject("test_accuracy", Double.class),
        JobQueries.instant(rs.getTimestamp("finished_at")),
        pruned(rs));
  }

  private static PruneDecision pruned(ResultSet rs) throws SQLException {
    String rule = rs.getString("pruned_rule");
    if (rule == null) {
      return null;
    }
    return new PruneDecision(
        rule,
        rs.getInt("pruned_rung"),
        rs.getString("pruned_metric"),
        rs.getDouble("pruned_value"),
        rs.getDouble("pruned_cutoff"),
        rs.getInt("pruned_compared"),
        JobQueries.instant(rs.getTimestamp("pruned_at")));
  }

  /** The job's epoch rows up to the trial's own epoch count: the trial's curve. */
  @Transactional(readOnly = true)
  List<EpochView> epochs(long trialId) {
    List<Integer> epochs =
        jdbc.queryForList("SELECT epochs FROM trial WHERE id = ?", Integer.class, trialId);
    if (epochs.isEmpty()) {
      throw ApiException.notFound("trial", trialId);
    }
    return jdbc.query(
        "SELECT e.epoch, e.train_loss, e.train_accuracy, e.val_loss, e.val_accuracy, e.seconds,"
            + " e.samples_per_second FROM trial t"
            + " JOIN epoch_metric e ON e.job_id = t.job_id AND e.epoch <= t.epochs"
            + " WHERE t.id = ? ORDER BY e.epoch",
        (rs, n) ->
            new EpochView(
                rs.getInt("epoch"),
                rs.getDouble("train_loss"),
                rs.getDouble("train_accuracy"),
                rs.getObject("val_loss", Double.class),
                rs.getObject("val_accuracy", Double.class),
                rs.getDouble("seconds"),
                rs.getDouble("samples_per_second")),
        trialId);
  }
}
