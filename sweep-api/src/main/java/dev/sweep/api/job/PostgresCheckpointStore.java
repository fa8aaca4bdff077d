package dev.sweep.api.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checkpoint and model bytes in the API's own PostgreSQL ({@code checkpoint_blob}), as rows of at
 * most {@link CappedHashingCopy#PIECE} bytes: every API replica reaches them, they are backed up
 * with the rows that point at them, and an upload is recorded in the same transaction that makes
 * its bytes visible. An upload's chunks are written one statement at a time under a temporary
 * location (so a slow upload holds no transaction open) and renamed by {@link #keep}.
 */
final class PostgresCheckpointStore implements CheckpointStore {
  private static final String TMP = "tmp/";
  private final JdbcTemplate jdbc;
  private final Clock clock;

  PostgresCheckpointStore(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Upload receive(InputStream body, long maxBytes) throws IOException {
    String tmp = TMP + UUID.randomUUID();
    Timestamp now = Timestamp.from(clock.instant());
    int[] chunk = {0};
    try {
      CappedHashingCopy.Result r =
          CappedHashingCopy.copy(
              body,
              maxBytes,
              (buf, length) ->
                  jdbc.update(
                      "INSERT INTO checkpoint_blob (location, chunk, data, created_at)"
                          + " VALUES (?, ?, ?, ?)",
                      tmp,
                      chunk[0]++,
                      Arrays.copyOf(buf, length),
                      now));
      return new StagedUpload<>(tmp, r.sha256(), r.size(), this::delete);
    } catch (IOException | RuntimeException e) {
      delete(tmp);
      throw e;
    }
  }

  @Override
  public void keep(Upload upload, String location) {
    @SuppressWarnings("unchecked") // this store stages every upload as a temporary blob row
    StagedUpload<String> blob = (StagedUpload<String>) upload;
    jdbc.update("DELETE FROM checkpoint_blob WHERE location = ?", location);
    jdbc.update(
        "UPDATE checkpoint_blob SET location = ? WHERE location = ?", location, blob.staged());
    blob.markKept();
  }

  @Override
  public InputStream open(String location) throws IOException {
    ChunkStream in = new ChunkStream(location);
    if (!in.advance()) {
      throw new NoSuchFileException(location);
    }
    return in;
  }

  @Override
  public void delete(String location) {
    jdbc.update("DELETE FROM checkpoint_blob WHERE location = ?", location);
  }

  @Override
  public int removeOrphans(Predicate<String> referenced, Instant writtenBefore) {
    List<String> old =
        jdbc.queryForList(
            "SELECT DISTINCT location FROM checkpoint_blob WHERE created_at < ?",
            String.class,
            Timestamp.from(writtenBefore));
    int removed = 0;
    for (String location : old) {
      if (location.startsWith(TMP) || !referenced.test(location)) {
        delete(location);
        removed++;
      }
    }
    return removed;
  }

  /** Reads one chunk at a time, so a download holds at most one chunk in memory. */
  private final class ChunkStream extends InputStream {
    private final String location;
    private int next;
    private byte[] current = new byte[0];
    private int pos;

    ChunkStream(String location) {
      this.location = location;
    }

    boolean advance() {
      List<byte[]> rows =
          jdbc.query(
              "SELECT data FROM checkpoint_blob WHERE location = ? AND chunk = ?",
              (rs, i) -> rs.getBytes(1),
              location,
              next);
      if (rows.isEmpty()) {
        return false;
      }
      next++;
      current = rows.get(0);
      pos = 0;
      return true;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      while (pos == current.length) {
        if (!advance()) {
          return -1;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
