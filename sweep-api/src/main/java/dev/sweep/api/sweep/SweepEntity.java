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

/**
 * Read model of a {@code sweep} row. Writes go through JDBC (one transaction with its jobs and
 * trials), so the entity is immutable to Hibernate.
 */
@Entity
@Immutable
@Table(name = "sweep")
class SweepEntity {
  @Id Long id;
  String name;
  String method;

  @Column(name = "metric_name")
  String metricName;

  @Column(name = "metric_goal")
  String metricGoal;

  @JdbcTypeCode(SqlTypes.JSON)
  Map<String, Object> definition;

  String source;

  @Column(name = "definition_hash")
  String definitionHash;

  String status;

  @Column(name = "trial_count")
  int trialCount;

  @Column(name = "job_count")
  int jobCount;

  @Column(name = "epochs_naive")
  long epochsNaive;

  @Column(name = "epochs_planned")
  long epochsPlanned;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;

  @Column(name = "started_at")
  Instant startedAt;

  @Column(name = "finished_at")
  Instant finishedAt;

  @Column(name = "cancel_requested_at")
  Instant cancelRequestedAt;

  protected SweepEntity() {}
}
