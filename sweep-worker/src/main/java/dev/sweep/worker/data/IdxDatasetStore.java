package dev.sweep.worker.data;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.idx.IdxDataset;
import dev.sweep.contract.idx.IdxFile;
import dev.sweep.contract.idx.IdxFormatException;
import dev.sweep.contract.idx.IdxPart;
import dev.sweep.contract.idx.IdxReader;
import dev.sweep.contract.idx.IdxSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads idx datasets ({@code dataset: {name: idx, dir, sha256}}) for training: reads the four files
 * of {@code dir}, verifies each against the spec's SHA-256 and the idx rules, and keeps the last
 * {@value #KEEP} in memory. A dataset is verified again only when one of its files changed size or
 * modification time, so the jobs of a sweep do not hash 50 MB each.
 */
public final class IdxDatasetStore {
  static final int KEEP = 2;
  private static final Logger log = LoggerFactory.getLogger(IdxDatasetStore.class);

  private record Key(String dir, Map<String, String> sha256) {}

  private record Stamp(Path file, long size, FileTime modified) {}

  private record Loaded(List<Stamp> stamps, FashionMnist data) {}

  private final Map<Key, Loaded> loaded =
      new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Loaded> eldest) {
          return size() > KEEP;
        }
      };

  private int verifications;

  /**
   * The dataset of {@code spec}, verified.
   *
   * @throws UncheckedIOException when the directory or a file is missing or unreadable here (a
   *     retry, perhaps on another worker, may find it)
   * @throws UnusableDatasetException when the files are here but differ from the spec
   */
  public synchronized FashionMnist get(DatasetSpec spec) {
    Path dir = Path.of(spec.dir());
    Key key = new Key(spec.dir(), spec.sha256());
    try {
      List<Stamp> stamps = stamps(dir);
      Loaded cached = loaded.get(key);
      FashionMnist data;
      if (cached != null && cached.stamps().equals(stamps)) {
        data = cached.data();
      } else {
        data = load(dir, spec);
        loaded.put(key, new Loaded(stamps, data));
      }
      checkSplit(spec, data);
      return data;
    } catch (IdxFormatException e) {
      throw new UnusableDatasetException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the idx dataset in " + dir + ": " + e, e);
    }
  }

  /** How many times files were read and hashed (tests: a second job of a sweep reads none). */
  public synchronized int verifications() {
    return verifications;
  }

  private static List<Stamp> stamps(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no such directory on this worker");
    }
    List<Stamp> stamps = new ArrayList<>();
    for (IdxPart part : IdxPart.values()) {
      Path file = part.find(dir);
      if (file == null) {
        throw new NoSuchFileException(
            dir.resolve(part.baseName()).toString(), null, "neither plain nor .gz on this worker");
      }
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      stamps.add(new Stamp(file, a.size(), a.lastModifiedTime()));
    }
    return stamps;
  }

  private FashionMnist load(Path dir, DatasetSpec spec) throws IOException {
    verifications++;
    log.info("Reading and verifying the idx dataset in {}", dir);
    Map<IdxPart, IdxFile> files = new EnumMap<>(IdxPart.class);
    Map<IdxPart, IdxSummary> summaries = new EnumMap<>(IdxPart.class);
    for (IdxPart part : IdxPart.values()) {
      Path file = IdxDataset.require(dir, part);
      IdxFile idx = IdxReader.read(file);
      String expected = spec.sha256().get(part.baseName());
      if (!idx.sha256().equals(expected)) {
        throw new UnusableDatasetException(
            file
                + ": this worker's copy differs from the sweep's: SHA-256 of the decompressed"
                + " contents is "
                + idx.sha256()
                + ", dataset.sha256."
                + part.baseName()
                + " is "
                + expected);
      }
      files.put(part, idx);
      summaries.put(part, IdxSummary.of(idx));
    }
    IdxDataset.check(dir, summaries);
    return new FashionMnist(
        files.get(IdxPart.TRAIN_IMAGES).data(),
        files.get(IdxPart.TRAIN_LABELS).data(),
        files.get(IdxPart.TEST_IMAGES).data(),
        files.get(IdxPart.TEST_LABELS).data());
  }

  /** What the API checks at submission when it can read the files, checked here too. */
  private static void checkSplit(DatasetSpec spec, FashionMnist data) {
    int total = data.trainCount();
    if (spec.validationSize() >= total) {
      throw new UnusableDatasetException(
          "dataset.validation_size "
              + spec.validationSize()
              + " leaves no training images: "
              + spec.dir()
              + " has "
              + total
              + " training images");
    }
    int left = total - spec.validationSize();
    if (spec.trainLimit() != null && spec.trainLimit() > left) {
      throw new UnusableDatasetException(
          "dataset.train_limit "
              + spec.trainLimit()
              + " is more than the "
              + left
              + " training images left after validation_size in "
              + spec.dir());
    }
  }
}
