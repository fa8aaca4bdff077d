package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.job.JobLifecycle;
import dev.sweep.api.job.JobQueueSignal;
import dev.sweep.api.job.SweepStatus;
import dev.sweep.api.job.SweepStatusRollup;
import dev.sweep.contract.SweepDefinition;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a planned sweep with all its jobs and trials in one transaction: either everything is
 * there or nothing is ({@link PlanRows}). Jobs that a finished run can serve are then served from
 * the result cache in the same transaction, unless the definition says {@code cache: false}.
 */
@Component
class SweepCreator {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final PlanRows rows;
  private final JobLifecycle lifecycle;
  private final SweepStatusRollup rollup;
  private final Clock clock;
  private final SweepProperties properties;
  private final JobQueueSignal queueSignal;

  SweepCreator(
      JdbcTemplate jdbc,
      ObjectMapper json,
      PlanRows rows,
      JobLifecycle lifecycle,
      SweepStatusRollup rollup,
      Clock clock,
      SweepProperties properties,
      JobQueueSignal queueSignal) {
    this.jdbc = jdbc;
    this.json = json;
    this.rows = rows;
    this.lifecycle = lifecycle;
    this.rollup = rollup;
    this.clock = clock;
    this.properties = properties;
    this.queueSignal = queueSignal;
  }

  /** Returns the new sweep's id. */
  @Transactional
  long create(SweepDefinition definition, String source, Plan plan) {
    Timestamp now = Timestamp.from(clock.instant());
    Long sweepId =
        jdbc.queryForObject(
            "INSERT INTO sweep (name, method, metric_name, metric_goal, definition, source,"
                + " definition_hash, status, trial_count, job_count, epochs_naive, epochs_planned,"
                + " created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            Long.class,
            definition.name(),
            definition.method(),
            definition.metric().name(),
            definition.metric().goal(),
            write(definition),
            source,
            plan.definitionHash(),
            SweepStatus.QUEUED.name(),
            plan.trials().size(),
            plan.jobs().size(),
            plan.epochsNaive(),
            plan.epochsPlanned(),
            now,
            now);
    rows.insert(sweepId, plan, now);
    rollup.created(sweepId);
    if (definition.usesCache()) {
      // finished runs of the same configurations, in any sweep, are reused instead of trained
      lifecycle.reuseCached(sweepId);
    }
    // wakes long-polling claims after commit, so idle workers start at once
    queueSignal.jobsQueued();
    return sweepId;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
