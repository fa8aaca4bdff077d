package dev.sweep.api.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test-data builder for results: inserts sweep, job, trial and epoch rows directly, as the control
 * plane and the worker would have left them, so results features are tested without either.
 */
public final class ResultsFixture {
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;

  public ResultsFixture(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One epoch's metrics; the val pair is null for a job without validation images. */
  public record Point(double trainLoss, double trainAccuracy, Double valLoss, Double valAccuracy) {}

  public SweepBuilder sweep(String name) {
    return new SweepBuilder(name);
  }

  /** A job with its training configuration (params without epochs). */
  public long job(long sweepId, Map<String, ?> config, int plannedEpochs, String status) {
    return jdbc.queryForObject(
        // planned work only orders the queue: as many as the epochs will do here
        "INSERT INTO job (sweep_id, training_key, config, planned_epochs, planned_work, status,"
            + " max_attempts, current_epoch, created_at, updated_at)"
            + " VALUES (?, ?, ?::jsonb, ?, ?, ?, 3, 0, ?, ?) RETURNING id",
        Long.class,
        sweepId,
        "key-" + json(config) + "-" + System.nanoTime(),
        json(config),
        plannedEpochs,
        (double) plannedEpochs,
        status,
        ts(T0),
        ts(T0));
  }

  /** Epoch rows 1..upTo for the job, from the curve. */
  public void epochs(long jobId, int upTo, IntFunction<Point> curve) {
    for (int e = 1; e <= upTo; e++) {
      Point p = curve.apply(e);
      jdbc.update(
          "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
              + " val_accuracy, seconds, samples_per_second, reported_at) VALUES (?, ?, ?, ?, ?, ?,"
              + " 4.5, 11000, ?)",
          jobId,
          e,
          p.trainLoss(),
          p.trainAccuracy(),
          p.valLoss(),
          p.valAccuracy(),
          ts(T0.plusSeconds(5L * e)));
      jdbc.update("UPDATE job SET current_epoch = ? WHERE id = ?", e, jobId);
    }
  }

  /**
   * A trial of the job. When its status is SUCCEEDED its final metrics are copied from the job's
   * epoch row at its own epoch count, as the control plane does.
   */
  public long trial(long sweepId, long jobId, Map<String, ?> params, int epochs, String status) {
    Map<String, Object> full = new LinkedHashMap<>(params);
    full.put("epochs", epochs);
    long id =
        jdbc.queryForObject(
            "INSERT INTO trial (sweep_id, job_id, identity, params, epochs, status) VALUES (?, ?,"
                + " ?, ?::jsonb, ?, ?) RETURNING id",
            Long.class,
            sweepId,
            jobId,
            "identity-" + json(full),
            json(full),
            epochs,
            status);
    if (status.equals("SUCCEEDED")) {
      jdbc.update(
          "UPDATE trial t SET train_loss = m.train_loss, train_accuracy = m.train_accuracy,"
              + " val_loss = m.val_loss, val_accuracy = m.val_accuracy, finished_at = ? FROM"
              + " epoch_metric m WHERE t.id = ? AND m.job_id = t.job_id AND m.epoch = t.epochs",
          ts(T0.plusSeconds(600)),
          id);
    }
    return id;
  }

  public void testMetrics(long trialId, double testLoss, double testAccuracy) {
    jdbc.update(
        "UPDATE trial SET test_loss = ?, test_accuracy = ? WHERE id = ?",
        testLoss,
        testAccuracy,
        trialId);
  }

  public long event(long sweepId, String type, String payloadJson) {
    return jdbc.queryForObject(
        "INSERT INTO sweep_event (sweep_id, type, payload, created_at) VALUES (?, ?, ?::jsonb, ?)"
            + " RETURNING id",
        Long.class,
        sweepId,
        type,
        payloadJson,
        ts(T0));
  }

  public final class SweepBuilder {
    private final Map<String, Object> definition = new LinkedHashMap<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private String status = "SUCCEEDED";
    private long epochsNaive;
    private long epochsPlanned;
    private int trials;
    private int jobs;

    private SweepBuilder(String name) {
      definition.put("name", name);
      definition.put("method", "grid");
      definition.put("metric", Map.of("name", "val_accuracy", "goal", "maximize"));
      definition.put(
          "dataset", Map.of("name", "fashion-mnist", "validation_size", 10000, "seed", 42));
      definition.put("model", Map.of("type", "mlp", "hidden_layers", List.of(256, 128)));
      definition.put("parameters", parameters);
    }

    public SweepBuilder metric(String name, String goal) {
      definition.put("metric", Map.of("name", name, "goal", goal));
      return this;
    }

    public SweepBuilder values(String parameter, Object... values) {
      parameters.put(parameter, Map.of("values", List.of(values)));
      return this;
    }

    public SweepBuilder value(String parameter, Object value) {
      parameters.put(parameter, Map.of("value", value));
      return this;
    }

    public SweepBuilder status(String status) {
      this.status = status;
      return this;
    }

    public SweepBuilder counts(int trials, int jobs, long epochsNaive, long epochsPlanned) {
      this.trials = trials;
      this.jobs = jobs;
      this.epochsNaive = epochsNaive;
      this.epochsPlanned = epochsPlanned;
      return this;
    }

    @SuppressWarnings("unchecked")
    public long insert() {
      Map<String, Object> metric = (Map<String, Object>) definition.get("metric");
      return jdbc.queryForObject(
          "INSERT INTO sweep (name, method, metric_name, metric_goal, definition, source,"
              + " definition_hash, status, trial_count, job_count, epochs_naive, epochs_planned,"
              + " created_at, updated_at) VALUES (?, 'grid', ?, ?, ?::jsonb, NULL, ?, ?, ?, ?, ?,"
              + " ?, ?, ?) RETURNING id",
          Long.class,
          definition.get("name"),
          metric.get("name"),
          metric.get("goal"),
          json(definition),
          "hash-" + System.nanoTime(),
          status,
          trials,
          jobs,
          epochsNaive,
          epochsPlanned,
          ts(T0),
          ts(T0));
    }
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
