package dev.sweep.api.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Checkpoints as files: {@code <dir>/<location>}. Uploads land in {@code <dir>/tmp} first and are
 * renamed into place, so a reader never sees half a file. Only one API process can use it (or
 * several sharing one filesystem); replicas use {@link PostgresCheckpointStore}.
 */
final class FileCheckpointStore implements CheckpointStore {
  private static final String TMP = "tmp";
  private final Path root;

  FileCheckpointStore(Path dir) {
    this.root = dir.toAbsolutePath().normalize();
  }

  @Override
  public Upload receive(InputStream body, long maxBytes) throws IOException {
    Path tmpDir = Files.createDirectories(root.resolve(TMP));
    Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
    try {
      CappedHashingCopy.Result r;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        r = CappedHashingCopy.copy(body, maxBytes, CappedHashingCopy.to(out));
      }
      return new StagedUpload<>(tmp, r.sha256(), r.size(), FileCheckpointStore::deleteStaged);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  @Override
  public void keep(Upload upload, String location) throws IOException {
    @SuppressWarnings("unchecked") // this store stages every upload as a file
    StagedUpload<Path> file = (StagedUpload<Path>) upload;
    Path target = resolve(location);
    Files.createDirectories(target.getParent());
    Files.move(
        file.staged(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    file.markKept();
  }

  @Override
  public InputStream open(String location) throws IOException {
    return Files.newInputStream(resolve(location));
  }

  @Override
  public void delete(String location) throws IOException {
    Files.deleteIfExists(resolve(location));
  }

  @Override
  public int removeOrphans(Predicate<String> referenced, Instant writtenBefore) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    int removed = 0;
    for (Path file : files) {
      String location = root.relativize(file).toString().replace('\\', '/');
      boolean temporary = location.startsWith(TMP + "/");
      if ((temporary || !referenced.test(location))
          && Files.getLastModifiedTime(file).toInstant().isBefore(writtenBefore)
          && Files.deleteIfExists(file)) {
        removed++;
      }
    }
    return removed;
  }

  private Path resolve(String location) {
    Path path = root.resolve(location).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("checkpoint location outside the store: " + location);
    }
    return path;
  }

  private static void deleteStaged(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
