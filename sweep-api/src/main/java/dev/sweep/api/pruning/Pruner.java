package dev.sweep.api.pruning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early termination's decision for a job that has just stored an epoch, made in that epoch's
 * transaction. It reads the sweep's rule and the other jobs' values at the rung, and stores a
 * decision to prune; stopping the job is the caller's ({@code JobLifecycle}).
 *
 * <p>The comparison sees only committed epochs: two jobs reporting the same rung at the same moment
 * each judge without the other, as in any asynchronous scheme (ASHA's result depends on the order
 * in which jobs reach a rung).
 */
@Component
public class Pruner {
  /** The metrics a sweep may rank by: columns of epoch_metric, so safe to name in SQL. */
  private static final Set<String> METRICS =
      Set.of("val_accuracy", "val_loss", "train_accuracy", "train_loss");

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  Pruner(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Judges job {@code jobId} of sweep {@code sweepId} at {@code epoch} of its {@code planned}
   * epochs; returns the decision if it is to stop, already stored.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<PruneDecision> judge(
      long sweepId, long jobId, int epoch, int planned, Timestamp now) {
    if (epoch >= planned) {
      return Optional.empty(); // nothing left to save
    }
    List<SweepRule> rules =
        jdbc.query(
            "SELECT definition -> 'early_terminate' AS rule, metric_name, metric_goal FROM sweep"
                + " WHERE id = ?",
            (rs, i) ->
                new SweepRule(
                    rs.getString("rule"), rs.getString("metric_name"), rs.getString("metric_goal")),
            sweepId);
    if (rules.isEmpty() || rules.get(0).rule() == null) {
      return Optional.empty();
    }
    SweepRule sweep = rules.get(0);
    EarlyTermination rule = sweep.parse(json);
    if (rule == null || !rule.isRung(epoch) || !METRICS.contains(sweep.metric())) {
      return Optional.empty();
    }
    // a job pruned before and resumed by the user trains on: it is not judged again
    if (Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM prune_decision WHERE job_id = ?)",
            Boolean.class,
            jobId))) {
      return Optional.empty();
    }
    String column = sweep.metric();
    Double value =
        jdbc.queryForObject(
            "SELECT " + column + " FROM epoch_metric WHERE job_id = ? AND epoch = ?",
            Double.class,
            jobId,
            epoch);
    if (value == null) {
      // a val_* metric of a job without validation images: the API refuses such sweeps, and a
      // missing value is never judged (nor compared below)
      return Optional.empty();
    }
    List<Double> others =
        jdbc.queryForList(
            "SELECT e."
                + column
                + " FROM epoch_metric e JOIN job j ON j.id = e.job_id"
                + " WHERE j.sweep_id = ? AND e.epoch = ? AND e.job_id <> ? AND e."
                + column
                + " IS NOT NULL",
            Double.class,
            sweepId,
            epoch,
            jobId);
    EarlyTermination.Verdict verdict = rule.judge(value, others, "maximize".equals(sweep.goal()));
    if (!verdict.prune()) {
      return Optional.empty();
    }
    PruneDecision decision =
        new PruneDecision(
            rule.rule(),
            epoch,
            column,
            value,
            verdict.cutoff(),
            verdict.compared(),
            now.toInstant());
    jdbc.update(
        "INSERT INTO prune_decision (job_id, rung, rule, metric, value, cutoff, compared,"
            + " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        jobId,
        epoch,
        decision.rule(),
        column,
        value,
        verdict.cutoff(),
        verdict.compared(),
        now);
    return Optional.of(decision);
  }

  private record SweepRule(String rule, String metric, String goal) {
    EarlyTermination parse(ObjectMapper json) {
      try {
        return EarlyTermination.parse(json.readTree(rule));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored early_terminate does not parse", e);
      }
    }
  }
}
