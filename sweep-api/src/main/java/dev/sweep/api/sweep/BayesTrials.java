package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.grid.BayesSampler;
import dev.sweep.api.grid.GridPlanner;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.job.SweepStatus;
import dev.sweep.api.job.TrialSource;
import dev.sweep.api.job.TrialStatus;
import dev.sweep.contract.SweepDefinition;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The trials of {@code method: bayes} sweeps, sampled as results arrive ({@link BayesSampler}).
 * Each call locks the sweep row first, so concurrent callers see each other's trials and never pass
 * run_cap; the history it samples from is the sweep's trials in creation order, finished ones with
 * their metric at their final epoch, the others (queued, running, failed, pruned) as pending, which
 * TPE counts at the worst value so far.
 */
@Component
class BayesTrials implements TrialSource {
  private static final Set<String> METRICS =
      Set.of("val_accuracy", "val_loss", "train_accuracy", "train_loss");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final PlanRows rows;
  private final SweepProperties properties;
  private final Clock clock;

  BayesTrials(
      JdbcTemplate jdbc,
      ObjectMapper json,
      PlanRows rows,
      SweepProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.rows = rows;
    this.properties = properties;
    this.clock = clock;
  }

  private record Sweep(
      long id, SweepDefinition definition, String hash, String metric, int trials) {}

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public Created topUp(long sweepId) {
    Sweep sweep = lock("id = ?", sweepId);
    if (sweep == null) {
      return Created.NONE;
    }
    int unfinished =
        jdbc.queryForObject(
            "SELECT count(*) FROM trial WHERE sweep_id = ? AND status = "
                + TrialStatus.QUEUED.sql(),
            Integer.class,
            sweepId);
    return sample(sweep, properties.search().pendingTrials() - unfinished);
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public Created forIdleWorker() {
    Sweep sweep =
        lock(
            "id = (SELECT id FROM sweep WHERE method = 'bayes' AND cancel_requested_at IS NULL"
                + " AND status IN ('"
                + SweepStatus.QUEUED
                + "', '"
                + SweepStatus.RUNNING
                + "') AND trial_count < (definition->>'run_cap')::int ORDER BY id LIMIT 1"
                + " FOR NO KEY UPDATE SKIP LOCKED)");
    return sweep == null ? Created.NONE : sample(sweep, 1);
  }

  /** The open bayes sweep the condition picks, its row locked; null if there is none. */
  private Sweep lock(String where, Object... args) {
    List<Sweep> found =
        jdbc.query(
            "SELECT id, definition::text AS definition, definition_hash, metric_name, trial_count"
                + " FROM sweep WHERE "
                + where
                + " AND method = 'bayes' AND cancel_requested_at IS NULL FOR NO KEY UPDATE",
            (rs, i) ->
                new Sweep(
                    rs.getLong("id"),
                    read(rs.getString("definition")),
                    rs.getString("definition_hash"),
                    rs.getString("metric_name"),
                    rs.getInt("trial_count")),
            args);
    return found.isEmpty() ? null : found.get(0);
  }

  private Created sample(Sweep sweep, int wanted) {
    int count = Math.min(wanted, sweep.definition().runCap() - sweep.trials());
    if (count <= 0 || !METRICS.contains(sweep.metric())) {
      return Created.NONE;
    }
    List<BayesSampler.Observed> history = new ArrayList<>();
    jdbc.query(
        "SELECT params::text AS params, CASE WHEN status = "
            + TrialStatus.SUCCEEDED.sql()
            + " THEN "
            + sweep.metric()
            + " END AS value FROM trial WHERE sweep_id = ? ORDER BY id",
        rs -> {
          history.add(
              new BayesSampler.Observed(
                  readMap(rs.getString("params")), (Double) rs.getObject("value")));
        },
        sweep.id());
    Set<String> keys =
        new HashSet<>(
            jdbc.queryForList(
                "SELECT training_key FROM job WHERE sweep_id = ?", String.class, sweep.id()));
    Plan plan = GridPlanner.next(sweep.definition(), sweep.hash(), history, keys, count);
    if (plan.trials().isEmpty()) {
      return Created.NONE;
    }
    Timestamp now = Timestamp.from(clock.instant());
    Map<String, Long> jobIds = rows.insert(sweep.id(), plan, now);
    jdbc.update(
        "UPDATE sweep SET trial_count = trial_count + ?, job_count = job_count + ?,"
            + " epochs_naive = epochs_naive + ?, epochs_planned = epochs_planned + ?,"
            + " updated_at = ? WHERE id = ?",
        plan.trials().size(),
        plan.jobs().size(),
        plan.epochsNaive(),
        plan.epochsPlanned(),
        now,
        sweep.id());
    return new Created(
        jobIds.size(), sweep.definition().usesCache(), jobIds.values().toArray(Long[]::new));
  }

  private SweepDefinition read(String definition) {
    try {
      return json.readValue(definition, SweepDefinition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored definition does not parse", e);
    }
  }

  private Map<String, Object> readMap(String text) {
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored trial params do not parse", e);
    }
  }
}
