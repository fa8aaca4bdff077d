package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.job.JobQueueSignal;
import dev.sweep.api.job.JobStore;
import dev.sweep.api.job.SweepStatus;
import dev.sweep.api.job.SweepStatusRollup;
import dev.sweep.contract.SweepDefinition;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a planned sweep with all its jobs and trials in one transaction: either everything is
 * there or nothing is. Jobs and trials go in through {@link JobStore} as one {@code INSERT ...
 * SELECT FROM unnest(arrays)} each, so 10,000 trials are a single round trip.
 */
@Component
class SweepCreator {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final JobStore store;
  private final SweepStatusRollup rollup;
  private final Clock clock;
  private final SweepProperties properties;
  private final JobQueueSignal queueSignal;

  SweepCreator(
      JdbcTemplate jdbc,
      ObjectMapper json,
      JobStore store,
      SweepStatusRollup rollup,
      Clock clock,
      SweepProperties properties,
      JobQueueSignal queueSignal) {
    this.jdbc = jdbc;
    this.json = json;
    this.store = store;
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
    Map<String, Long> jobIds = insertJobs(sweepId, plan.jobs(), now);
    insertTrials(sweepId, plan.jobs(), jobIds);
    rollup.created(sweepId);
    // wakes long-polling claims after commit, so idle workers start at once
    queueSignal.jobsQueued();
    return sweepId;
  }

  private Map<String, Long> insertJobs(long sweepId, List<Plan.Job> jobs, Timestamp now) {
    int n = jobs.size();
    String[] keys = new String[n];
    String[] configs = new String[n];
    Integer[] planned = new Integer[n];
    Integer[] groups = new Integer[n];
    for (int i = 0; i < n; i++) {
      Plan.Job job = jobs.get(i);
      keys[i] = job.trainingKey();
      configs[i] = write(job.config());
      planned[i] = job.plannedEpochs();
      groups[i] = job.group();
    }
    return store.insertJobs(sweepId, properties.maxAttempts(), now, keys, configs, planned, groups);
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
    store.insertTrials(sweepId, jobId, identity, params, epochs);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
