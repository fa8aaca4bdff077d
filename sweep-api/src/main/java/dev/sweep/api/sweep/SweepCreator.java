package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.events.EventLog;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.job.JobQueueSignal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a planned sweep with all its jobs and trials in one transaction: either everything is
 * there or nothing is. Jobs and trials go in as one {@code INSERT ... SELECT FROM unnest(arrays)}
 * each, so 10,000 trials are a single round trip.
 */
@Component
class SweepCreator {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final EventLog events;
  private final Clock clock;
  private final SweepProperties properties;
  private final JobQueueSignal queueSignal;

  SweepCreator(
      JdbcTemplate jdbc,
      ObjectMapper json,
      EventLog events,
      Clock clock,
      SweepProperties properties,
      JobQueueSignal queueSignal) {
    this.jdbc = jdbc;
    this.json = json;
    this.events = events;
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
                + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?) RETURNING id",
            Long.class,
            definition.name(),
            definition.method(),
            definition.metric().name(),
            definition.metric().goal(),
            write(definition),
            source,
            plan.definitionHash(),
            plan.trials().size(),
            plan.jobs().size(),
            plan.epochsNaive(),
            plan.epochsPlanned(),
            now,
            now);
    Map<String, Long> jobIds = insertJobs(sweepId, plan.jobs(), now);
    insertTrials(sweepId, plan.jobs(), jobIds);
    events.append(sweepId, "sweep", Map.of("sweepId", sweepId, "status", "QUEUED"));
    // wakes long-polling claims after commit, so idle workers start at once
    queueSignal.jobsQueued();
    return sweepId;
  }

  private Map<String, Long> insertJobs(long sweepId, List<Plan.Job> jobs, Timestamp now) {
    int n = jobs.size();
    String[] keys = new String[n];
    String[] configs = new String[n];
    Integer[] planned = new Integer[n];
    for (int i = 0; i < n; i++) {
      Plan.Job job = jobs.get(i);
      keys[i] = job.trainingKey();
      configs[i] = write(job.config());
      planned[i] = job.plannedEpochs();
    }
    Map<String, Long> ids = new HashMap<>(n * 2);
    jdbc.query(
        (Connection con) -> {
          PreparedStatement ps =
              con.prepareStatement(
                  "INSERT INTO job (sweep_id, training_key, config, planned_epochs, status,"
                      + " attempt, max_attempts, created_at, updated_at)"
                      + " SELECT ?, k, c::jsonb, e, 'QUEUED', 1, ?, ?, ?"
                      + " FROM unnest(?::text[], ?::text[], ?::int[]) AS t(k, c, e)"
                      + " RETURNING id, training_key");
          ps.setLong(1, sweepId);
          ps.setInt(2, properties.maxAttempts());
          ps.setTimestamp(3, now);
          ps.setTimestamp(4, now);
          ps.setArray(5, con.createArrayOf("text", keys));
          ps.setArray(6, con.createArrayOf("text", configs));
          ps.setArray(7, con.createArrayOf("int4", planned));
          return ps;
        },
        rs -> {
          ids.put(rs.getString(2), rs.getLong(1));
        });
    return ids;
  }

  private void insertTrials(long sweepId, List<Plan.Job> jobs, Map<String, Long> jobIds) {
    int n = jobs.stream().mapToInt(j -> j.trials().size()).sum();
    Long[] jobId = new Long[n];
    String[] identity = new String[n];
    String[] params = new String[n];
    Integer[] epochs = new Integer[n];
    int i = 0;
    for (Plan.Job job : jobs) {
      Long id = jobIds.get(job.trainingKey());
      for (Plan.Trial trial : job.trials()) {
        jobId[i] = id;
        identity[i] = trial.identity();
        params[i] = write(trial.params());
        epochs[i] = trial.epochs();
        i++;
      }
    }
    jdbc.execute(
        (Connection con) ->
            con.prepareStatement(
                "INSERT INTO trial (sweep_id, job_id, identity, params, epochs, status)"
                    + " SELECT ?, j, i, p::jsonb, e, 'QUEUED'"
                    + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::int[]) AS t(j, i, p, e)"),
        (PreparedStatement ps) -> {
          Connection con = ps.getConnection();
          ps.setLong(1, sweepId);
          ps.setArray(2, con.createArrayOf("int8", jobId));
          ps.setArray(3, con.createArrayOf("text", identity));
          ps.setArray(4, con.createArrayOf("text", params));
          ps.setArray(5, con.createArrayOf("int4", epochs));
          return ps.executeUpdate();
        });
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
