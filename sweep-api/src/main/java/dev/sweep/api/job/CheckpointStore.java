package dev.sweep.api.job;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Where checkpoint and model bytes live ({@code sweep.checkpoints.store}). The database rows hold
 * only each object's location and checksum, so the protocol does not depend on the store: {@link
 * FileCheckpointStore} for one API process, {@link PostgresCheckpointStore} for replicas that share
 * nothing but the database.
 */
public interface CheckpointStore {

  /**
   * Streams an upload into temporary storage, hashing it on the way; nothing is buffered whole.
   * Throws {@link UploadTooLarge} as soon as more than {@code maxBytes} arrived, with nothing of it
   * left behind.
   */
  Upload receive(InputStream body, long maxBytes) throws IOException;

  /**
   * Makes a received upload the object at {@code location} (a relative path such as {@code
   * 12/3-<sha256>.ckpt}), atomically, replacing what was there. Called inside the transaction that
   * records the location.
   */
  void keep(Upload upload, String location) throws IOException;

  /** Opens a stored object; throws {@link java.nio.file.NoSuchFileException} if it is gone. */
  InputStream open(String location) throws IOException;

  /** Deletes a stored object if it exists. */
  void delete(String location) throws IOException;

  /**
   * Removes temporary uploads and stored objects no row refers to, of those last written before
   * {@code writtenBefore} (younger ones may be an upload still streaming or committing).
   *
   * @return how many objects were removed
   */
  int removeOrphans(Predicate<String> referenced, Instant writtenBefore) throws IOException;

  /** A received upload; closing it discards the bytes unless they were kept. */
  interface Upload extends AutoCloseable {
    /** Lower-case hex SHA-256 of the received bytes. */
    String sha256();

    long sizeBytes();

    @Override
    void close();
  }
}
