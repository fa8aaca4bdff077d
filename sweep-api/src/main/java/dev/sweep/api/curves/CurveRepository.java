package dev.sweep.api.curves;

import dev.sweep.api.analysis.TrialResult;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A trial's curve: its job's epoch rows up to the trial's own epoch count. */
@Component
class CurveRepository {
  private final JdbcTemplate jdbc;

  CurveRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<EpochPoint> curve(TrialResult trial) {
    return jdbc.query(
        "SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy FROM epoch_metric"
            + " WHERE job_id = ? AND epoch <= ? ORDER BY epoch",
        (rs, i) ->
            new EpochPoint(
                rs.getInt("epoch"),
                rs.getDouble("train_loss"),
                rs.getDouble("train_accuracy"),
                rs.getObject("val_loss", Double.class),
                rs.getObject("val_accuracy", Double.class)),
        trial.jobId(),
        trial.epochs());
  }
}
