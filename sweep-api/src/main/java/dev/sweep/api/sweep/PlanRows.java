package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.grid.PlannedWork;
import dev.sweep.api.job.JobStore;
import dev.sweep.contract.TrainingVersion;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes a plan's jobs and trials, QUEUED, through {@link JobStore}: one {@code INSERT ... SELECT
 * FROM unnest(arrays)} each, so 10,000 trials are a single round trip. Used at submission and when
 * a bayes sweep samples more trials.
 */
@Component
class PlanRows {
  private final ObjectMapper json;
  private final JobStore store;
  private final SweepProperties properties;

  PlanRows(ObjectMapper json, JobStore store, SweepProperties properties) {
    this.json = json;
    this.store = store;
    this.properties = properties;
  }

  /** Returns the new jobs' ids by training key. */
  Map<String, Long> insert(long sweepId, Plan plan, Timestamp now) {
    Map<String, Long> jobIds = insertJobs(sweepId, plan.jobs(), now);
    insertTrials(sweepId, plan.jobs(), jobIds);
    return jobIds;
  }

  private Map<String, Long> insertJobs(long sweepId, List<Plan.Job> jobs, Timestamp now) {
    int n = jobs.size();
    String[] keys = new String[n];
    String[] configs = new String[n];
    Integer[] planned = new Integer[n];
    Double[] work = new Double[n];
    String[] cacheKeys = new String[n];
    Integer[] groups = new Integer[n];
    for (int i = 0; i < n; i++) {
      Plan.Job job = jobs.get(i);
      keys[i] = job.trainingKey();
      configs[i] = write(job.config());
      planned[i] = job.plannedEpochs();
      work[i] = PlannedWork.of(job.config(), job.plannedEpochs());
      cacheKeys[i] = TrainingVersion.cacheKey(job.trainingKey());
      // -1: in no fusion group (a bayes trial sampled later), stored NULL and trained alone
      groups[i] = job.group() < 0 ? null : job.group();
    }
    return store.insertJobs(
        sweepId, properties.maxAttempts(), now, keys, configs, planned, work, cacheKeys, groups);
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

  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
