package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trained model of each trial as a DL4J ModelSerializer zip ({@code trial_model}). The API has
 * no DL4J, so the worker uploads the zip after every epoch that ends a trial; a trial's model is
 * the one of its job at the trial's own final epoch.
 */
@Component
class TrialModels {
  /** A model file opened for reading; the caller closes {@code body}. */
  record Download(long trialId, int epoch, String sha256, long sizeBytes, InputStream body) {}

  private final CheckpointStore store;
  private final LeaseFence fence;
  private final TransactionTemplate tx;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SweepProperties props;

  TrialModels(
      CheckpointStore store,
      LeaseFence fence,
      TransactionTemplate tx,
      JdbcTemplate jdbc,
      Clock clock,
      SweepProperties props) {
    this.store = store;
    this.fence = fence;
    this.tx = tx;
    this.jdbc = jdbc;
    this.clock = clock;
    this.props = props;
  }

  void upload(
      long jobId, int epoch, Long token, String sha256, long contentLength, InputStream body)
      throws IOException {
    VerifiedUpload.checkHeaders(token, sha256);
    fence.peek(jobId, token).requireEpoch("epoch", epoch, 1);
    try (CheckpointStore.Upload upload =
        VerifiedUpload.receive(store, props.checkpoints(), sha256, contentLength, body)) {
      tx.executeWithoutResult(
          status -> {
            fence.lock(jobId, token);
            String location = jobId + "/model-" + epoch + "-" + upload.sha256() + ".zip";
            List<String> old =
                jdbc.queryForList(
                    "SELECT location FROM trial_model WHERE job_id = ? AND epoch = ?"
                        + " AND location <> ?",
                    String.class,
                    jobId,
                    epoch,
                    location);
            try {
              store.keep(upload, location);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            jdbc.update(
                "INSERT INTO trial_model (job_id, epoch, sha256, size_bytes, location, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, epoch) DO UPDATE SET"
                    + " sha256 = excluded.sha256, size_bytes = excluded.size_bytes,"
                    + " location = excluded.location, created_at = excluded.created_at",
                jobId,
                epoch,
                upload.sha256(),
                upload.sizeBytes(),
                location,
                Timestamp.from(clock.instant()));
            CheckpointService.deleteAfterCommit(store, old);
          });
    }
  }

  /** 404 when the trial does not exist, or has no model (yet). */
  Download forTrial(long trialId) throws IOException {
    List<Object[]> rows =
        jdbc.query(
            "SELECT t.epochs, m.sha256, m.size_bytes, m.location FROM trial t"
                + " LEFT JOIN trial_model m ON m.job_id = t.job_id AND m.epoch = t.epochs"
                + " WHERE t.id = ?",
            (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4)},
            trialId);
    if (rows.isEmpty()) {
      throw ApiException.notFound("trial", trialId);
    }
    Object[] row = rows.get(0);
    if (row[3] == null) {
      throw noModel(trialId);
    }
    try {
      return new Download(
          trialId, (Integer) row[0], (String) row[1], (Long) row[2], store.open((String) row[3]));
    } catch (NoSuchFileException e) {
      throw noModel(trialId);
    }
  }

  private static ApiException noModel(long trialId) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        null,
        "trial "
            + trialId
            + " has no model file: it has not reached its final epoch, or it was trained before"
            + " model files were kept");
  }
}
