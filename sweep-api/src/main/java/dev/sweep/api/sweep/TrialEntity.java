package dev.sweep.api.sweep;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Read model of a {@code trial} row; trials are written by JDBC (creation, worker reports). */
@Entity
@Immutable
@Table(name = "trial")
class TrialEntity {
  @Id Long id;

  @Column(name = "sweep_id")
  long sweepId;

  @Column(name = "job_id")
  long jobId;

  String identity;

  @JdbcTypeCode(SqlTypes.JSON)
  Map<String, Object> params;

  int epochs;
  String status;

  @Column(name = "train_loss")
  Double trainLoss;

  @Column(name = "train_accuracy")
  Double trainAccuracy;

  @Column(name = "val_loss")
  Double valLoss;

  @Column(name = "val_accuracy")
  Double valAccuracy;

  @Column(name = "test_loss")
  Double testLoss;

  @Column(name = "test_accuracy")
  Double testAccuracy;

  @Column(name = "finished_at")
  Instant finishedAt;

  protected TrialEntity() {}
}
