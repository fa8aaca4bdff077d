package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Checkpoints as files: {@code <dir>/<jobId>/<epoch>-<sha256>.ckpt}. Uploads land in {@code
 * <dir>/tmp} first and are renamed into place, so a reader never sees half a file. The checksum in
 * the name keeps a re-upload of the same epoch from overwriting the file a committed row points at.
 */
@Component
class FileCheckpointStore implements CheckpointStore {
  private final Path root;

  FileCheckpointStore(SweepProperties props) {
    this.root = props.checkpoints().dir().toAbsolutePath().normalize();
  }

  @Override
  public Upload receive(InputStream body) throws IOException {
    Path tmpDir = Files.createDirectories(root.resolve("tmp"));
    Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
    try {
      MessageDigest digest = sha256();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
        size = body.transferTo(out);
      }
      return new FileUpload(tmp, HexFormat.of().formatHex(digest.digest()), size);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  @Override
  public String keep(Upload upload, long jobId, int epoch) throws IOException {
    FileUpload file = (FileUpload) upload;
    String location = jobId + "/" + epoch + "-" + file.sha256() + ".ckpt";
    Path target = resolve(location);
    Files.createDirectories(target.getParent());
    Files.move(
        file.path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    file.kept = true;
    return location;
  }

  @Override
  public InputStream open(String location) throws IOException {
    return Files.newInputStream(resolve(location));
  }

  @Override
  public void delete(String location) throws IOException {
    Files.deleteIfExists(resolve(location));
  }

  private Path resolve(String location) {
    Path path = root.resolve(location).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("checkpoint location outside the store: " + location);
    }
    return path;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class FileUpload implements Upload {
    private final Path path;
    private final String sha256;
    private final long size;
    private boolean kept;

    FileUpload(Path path, String sha256, long size) {
      this.path = path;
      this.sha256 = sha256;
      this.size = size;
    }

    @Override
    public String sha256() {
      return sha256;
    }

    @Override
    public long sizeBytes() {
      return size;
    }

    @Override
    public void close() {
      if (!kept) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
