package dev.sweep.worker.data;

import dev.sweep.contract.idx.IdxFile;
import dev.sweep.contract.idx.IdxFormatException;
import dev.sweep.contract.idx.IdxReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and verifies the four files: the configured directory, then Debian's package directory,
 * then a cache directory filled from the download URL. A directory that has all four files but a
 * wrong checksum is an error, not a reason to look elsewhere; only the cache, which we own, is
 * re-downloaded.
 */
public final class DataLocator {
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  private static final Logger log = LoggerFactory.getLogger(DataLocator.class);

  private final Path configuredDir;
  private final Path systemDir;
  private final Path cacheDir;
  private final URI downloadUrl;

  public DataLocator(Path configuredDir, Path systemDir, Path cacheDir, URI downloadUrl) {
    this.configuredDir = configuredDir;
    this.systemDir = systemDir;
    this.cacheDir = cacheDir;
    this.downloadUrl = downloadUrl;
  }

  /** Reads and verifies all four files. */
  public FashionMnist load() throws IOException {
    Map<FashionMnistFile, IdxFile> files = locate();
    return new FashionMnist(
        files.get(FashionMnistFile.TRAIN_IMAGES).data(),
        files.get(FashionMnistFile.TRAIN_LABELS).data(),
        files.get(FashionMnistFile.TEST_IMAGES).data(),
        files.get(FashionMnistFile.TEST_LABELS).data());
  }

  Map<FashionMnistFile, IdxFile> locate() throws IOException {
    List<String> tried = new ArrayList<>();
    for (Path dir : new Path[] {configuredDir, systemDir}) {
      if (dir == null) {
        continue;
      }
      if (hasAll(dir)) {
        log.info("Reading Fashion-MNIST from {}", dir);
        return readAll(dir);
      }
      tried.add(dir.toString());
    }
    if (cacheDir == null) {
      throw new IOException("Fashion-MNIST not found in " + tried + " and no cache dir is set");
    }
    if (hasAll(cacheDir)) {
      try {
        return readAll(cacheDir);
      } catch (IdxFormatException e) {
        log.warn("Cached Fashion-MNIST is damaged ({}); downloading again", e.getMessage());
      }
    }
    log.info("Fashion-MNIST not found in {}; downloading into {}", tried, cacheDir);
    // download() already decompressed and checked every file; keep those instead of reading again
    return download();
  }

  static boolean hasAll(Path dir) {
    for (FashionMnistFile f : FashionMnistFile.values()) {
      if (find(dir, f) == null) {
        return false;
      }
    }
    return true;
  }

  private static Path find(Path dir, FashionMnistFile f) {
    for (String name : new String[] {f.gzName(), f.baseName()}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  static Map<FashionMnistFile, IdxFile> readAll(Path dir) throws IOException {
    Map<FashionMnistFile, IdxFile> out = new EnumMap<>(FashionMnistFile.class);
    for (FashionMnistFile f : FashionMnistFile.values()) {
      Path p = find(dir, f);
      if (p == null) {
        throw new IOException(dir + " has no " + f.gzName() + " or " + f.baseName());
      }
      out.put(f, verify(p, f, IdxReader.read(p)));
    }
    return out;
  }

  static IdxFile verify(Path p, FashionMnistFile f, IdxFile idx) throws IdxFormatException {
    if (!idx.sha256().equals(f.sha256())) {
      throw new IdxFormatException(
          p
              + ": SHA-256 of the decompressed contents is "
              + idx.sha256()
              + ", expected "
              + f.sha256());
    }
    if (idx.magic() != f.magic() || idx.count() != f.count()) {
      throw new IdxFormatException(p + ": unexpected header for " + f.baseName());
    }
    return idx;
  }

  private Map<FashionMnistFile, IdxFile> download() throws IOException {
    Map<FashionMnistFile, IdxFile> out = new EnumMap<>(FashionMnistFile.class);
    Files.createDirectories(cacheDir);
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    for (FashionMnistFile f : FashionMnistFile.values()) {
      URI uri = downloadUrl.resolve(f.gzName());
      Path tmp = Files.createTempFile(cacheDir, f.baseName(), ".part");
      try {
        HttpResponse<Path> resp =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(tmp));
        if (resp.statusCode() != 200) {
          throw new IOException("GET " + uri + " answered " + resp.statusCode());
        }
        out.put(f, verify(uri.toString(), f, tmp));
        Files.move(
            tmp,
            cacheDir.resolve(f.gzName()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while downloading " + uri, e);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return out;
  }

  private static IdxFile verify(String source, FashionMnistFile f, Path downloaded)
      throws IOException {
    try {
      return verify(Path.of(f.gzName()), f, IdxReader.read(downloaded));
    } catch (IdxFormatException e) {
      throw new IdxFormatException("download from " + source + " failed: " + e.getMessage(), e);
    }
  }
}
