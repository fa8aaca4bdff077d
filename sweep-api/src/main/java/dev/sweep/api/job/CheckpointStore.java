package dev.sweep.api.job;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where checkpoint bytes live. The database holds only each checkpoint's location and checksum, so
 * an object store could replace the filesystem without touching the protocol.
 */
public interface CheckpointStore {

  /** Streams an upload into temporary storage, hashing it on the way; nothing is buffered whole. */
  Upload receive(InputStream body) throws IOException;

  /**
   * Makes a received upload the stored checkpoint of (job, epoch), atomically.
   *
   * @return the location to record; stable for the same job, epoch and content
   */
  String keep(Upload upload, long jobId, int epoch) throws IOException;

  /** Opens a stored checkpoint; throws {@link java.nio.file.NoSuchFileException} if it is gone. */
  InputStream open(String location) throws IOException;

  /** Deletes a stored checkpoint if it exists. */
  void delete(String location) throws IOException;

  /** A received upload; closing it discards the bytes unless they were kept. */
  interface Upload extends AutoCloseable {
    /** Lower-case hex SHA-256 of the received bytes. */
    String sha256();

    long sizeBytes();

    @Override
    void close();
  }
}
