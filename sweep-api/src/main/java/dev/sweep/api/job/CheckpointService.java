package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.WorkerPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkpoint upload and download. The body is streamed to the store before any row lock is taken,
 * so a slow upload never holds up the job's heartbeats; the lease is checked again, under the lock,
 * before the checkpoint is recorded.
 */
@Component
class CheckpointService {
  private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

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

  void upload(long jobId, int epoch, Long token, String sha256, InputStream body)
      throws IOException {
    if (token == null) {
      throw ApiException.badRequest(
          WorkerPaths.LEASE_TOKEN_HEADER, WorkerPaths.LEASE_TOKEN_HEADER + " header is required");
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw ApiException.badRequest(
          WorkerPaths.SHA256_HEADER,
          WorkerPaths.SHA256_HEADER + " must be the body's SHA-256 as 64 hex digits");
    }
    LeasedJob job = fence.peek(jobId, token);
    job.requireEpoch("epoch", epoch, 1);
    try (CheckpointStore.Upload upload = store.receive(body)) {
      if (!upload.sha256().equalsIgnoreCase(sha256)) {
        throw ApiException.badRequest(
            WorkerPaths.SHA256_HEADER,
            "checksum mismatch: the body's SHA-256 is "
                + upload.sha256()
                + ", the header says "
                + sha256.toLowerCase(Locale.ROOT));
      }
      tx.executeWithoutResult(
          status -> {
            LeasedJob locked = fence.lock(jobId, token);
            fence.extend(locked, 0);
            try {
              String location = store.keep(upload, jobId, epoch);
              CheckpointCatalog.Entry entry =
                  new CheckpointCatalog.Entry(epoch, upload.sha256(), upload.sizeBytes(), location);
              deleteAfterCommit(catalog.put(jobId, entry, props.checkpoints().keep()));
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

  private static ApiException noCheckpoint(long jobId) {
    return new ApiException(
        HttpStatus.NOT_FOUND, null, "job " + jobId + " has no checkpoint to resume from");
  }

  private void deleteAfterCommit(List<String> locations) {
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
