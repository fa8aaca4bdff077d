package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.CheckpointRejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkpoint upload, download and rejection. The body is streamed to the store before any row lock
 * is taken, so a slow upload never holds up the job's heartbeats; the lease is checked again, under
 * the lock, before the checkpoint is recorded.
 */
@Component
class CheckpointService {
  private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);

  /** A stored checkpoint opened for reading; the caller closes {@code body}. */
  record Download(int epoch, String sha256, long sizeBytes, InputStream body) {}

  private final CheckpointStore store;
  private final CheckpointCatalog catalog;
  private final LeaseFence fence;
  private final TransactionTemplate tx;
  private final SweepProperties props;

  CheckpointService(
      CheckpointStore store,
      CheckpointCatalog catalog,
      LeaseFence fence,
      TransactionTemplate tx,
      SweepProperties props) {
    this.store = store;
    this.catalog = catalog;
    this.fence = fence;
    this.tx = tx;
    this.props = props;
  }

  void upload(
      long jobId, int epoch, Long token, String sha256, long contentLength, InputStream body)
      throws IOException {
    VerifiedUpload.checkHeaders(token, sha256);
    LeasedJob job = fence.peek(jobId, token);
    job.requireEpoch("epoch", epoch, 1);
    try (CheckpointStore.Upload upload =
        VerifiedUpload.receive(store, props.checkpoints(), sha256, contentLength, body)) {
      tx.executeWithoutResult(
          status -> {
            LeasedJob locked = fence.lock(jobId, token);
            fence.extend(locked, 0);
            try {
              String location = jobId + "/" + epoch + "-" + upload.sha256() + ".ckpt";
              store.keep(upload, location);
              CheckpointCatalog.Entry entry =
                  new CheckpointCatalog.Entry(epoch, upload.sha256(), upload.sizeBytes(), location);
              deleteAfterCommit(store, catalog.put(jobId, entry, props.checkpoints().keep()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  Download latest(long jobId) throws IOException {
    if (!fence.exists(jobId)) {
      throw ApiException.notFound("job", jobId);
    }
    CheckpointCatalog.Entry entry = catalog.latest(jobId).orElseThrow(() -> noCheckpoint(jobId));
    try {
      return new Download(
          entry.epoch(), entry.sha256(), entry.sizeBytes(), store.open(entry.location()));
    } catch (NoSuchFileException e) {
      // pruned between the query and the open
      throw noCheckpoint(jobId);
    }
  }

  /**
   * Quarantines the checkpoint a worker could not restore, so the next {@link #latest} offers the
   * one before it (or none: the job starts over). The job itself is not charged an attempt.
   */
  void reject(long jobId, int epoch, CheckpointRejection rejection) {
    if (rejection.sha256() == null || !VerifiedUpload.isSha256(rejection.sha256())) {
      throw ApiException.badRequest("sha256", "sha256 must be 64 hex digits");
    }
    String reason = rejection.reason() == null ? "" : rejection.reason();
    String shortReason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    tx.executeWithoutResult(
        status -> {
          fence.lock(jobId, rejection.leaseToken());
          if (catalog.quarantine(jobId, epoch, rejection.sha256(), shortReason)) {
            log.warn("job {}: checkpoint of epoch {} quarantined: {}", jobId, epoch, shortReason);
          }
        });
  }

  private static ApiException noCheckpoint(long jobId) {
    return new ApiException(
        HttpStatus.NOT_FOUND, null, "job " + jobId + " has no checkpoint to resume from");
  }

  /** Deletes the stored objects of rows the transaction dropped, once it has committed. */
  static void deleteAfterCommit(CheckpointStore store, List<String> locations) {
    if (locations.isEmpty()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            for (String location : locations) {
              try {
                store.delete(location);
              } catch (IOException | RuntimeException e) {
                log.warn("could not delete pruned checkpoint {}", location, e);
              }
            }
          }
        });
  }
}
