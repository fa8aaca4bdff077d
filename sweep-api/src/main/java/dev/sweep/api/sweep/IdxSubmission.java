package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.idx.IdxDataset;
import dev.sweep.contract.idx.IdxFormatException;
import dev.sweep.contract.idx.IdxPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An idx dataset at submission. When the API can read {@code dataset.dir} (as in the quick start,
 * where API and worker share a machine) it checks the four files against the idx rules, computes
 * their checksums into the spec (or compares them with the ones given), and checks that the split
 * fits the images, so problems get a 400 before anything is queued. When it cannot, the definition
 * must carry {@code dataset.sha256} and each worker checks its copy before training.
 */
final class IdxSubmission {
  private static final int KEEP = 16;

  /** Scans by the four files' paths, sizes and times: a resubmission does not hash 50 MB again. */
  private static final Map<List<Object>, IdxDataset.Shape> SCANS = new ConcurrentHashMap<>();

  private IdxSubmission() {}

  /** {@code dataset.sha256} as given (hex in lower case), or null. */
  static Map<String, String> sha256(JsonNode dataset) {
    JsonNode node = dataset.get("sha256");
    if (DefinitionValidator.absent(node)) {
      return null;
    }
    Values.object(node, "dataset.sha256", "{" + IdxPart.TRAIN_IMAGES.baseName() + ": <hex>, ...}");
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = "dataset.sha256." + e.getKey();
      out.put(e.getKey(), Values.text(e.getValue(), path).strip().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** The spec with its checksums, checked against the files when the API can read them. */
  static DatasetSpec complete(DatasetSpec spec) {
    Path dir = absolute(spec.dir());
    if (dir == null) {
      return spec; // the contract's rules name what is wrong with dataset.dir
    }
    IdxDataset.Shape shape;
    try {
      shape = readable(dir) ? scan(dir) : null;
    } catch (IdxFormatException e) {
      throw ApiException.badRequest("dataset.dir", "dataset.dir: " + e.getMessage());
    } catch (IOException e) {
      shape = null;
    }
    if (shape == null) {
      if (spec.sha256() != null) {
        return spec; // each worker verifies its copy against these
      }
      throw ApiException.badRequest(
          "dataset.dir",
          "dataset.dir "
              + dir
              + " is not a directory the API can read; put the four IDX files there ("
              + String.join(", ", IdxPart.baseNames())
              + ", each plain or .gz), or give dataset.sha256 with the SHA-256 of each file's"
              + " decompressed contents so that the workers can verify their copies");
    }
    Map<String, String> sha256 = new TreeMap<>();
    if (spec.sha256() != null) {
      sha256.putAll(spec.sha256());
    }
    for (Map.Entry<String, String> e : shape.sha256().entrySet()) {
      String given = sha256.put(e.getKey(), e.getValue());
      if (given != null && !given.equals(e.getValue())) {
        throw ApiException.badRequest(
            "dataset.sha256." + e.getKey(),
            "dataset.sha256."
                + e.getKey()
                + " is "
                + given
                + ", but "
                + dir.resolve(e.getKey())
                + " has SHA-256 "
                + e.getValue()
                + " (of its decompressed contents)");
      }
    }
    fits(spec, dir, shape.trainCount());
    return spec.withSha256(sha256);
  }

  private static void fits(DatasetSpec spec, Path dir, int train) {
    if (spec.validationSize() >= train) {
      throw ApiException.badRequest(
          "dataset.validation_size",
          "dataset.validation_size "
              + spec.validationSize()
              + " must be less than the "
              + train
              + " training images in "
              + dir);
    }
    int left = train - spec.validationSize();
    if (spec.trainLimit() != null && spec.trainLimit() > left) {
      throw ApiException.badRequest(
          "dataset.train_limit",
          "dataset.train_limit must be between 1 and "
              + left
              + " (the training images of "
              + dir
              + " left after validation_size)");
    }
  }

  private static Path absolute(String dir) {
    try {
      Path p = dir == null ? null : Path.of(dir);
      return p != null && p.isAbsolute() ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static boolean readable(Path dir) {
    return Files.isDirectory(dir) && Files.isReadable(dir) && Files.isExecutable(dir);
  }

  private static IdxDataset.Shape scan(Path dir) throws IOException {
    List<Object> key = new ArrayList<>();
    for (IdxPart part : IdxPart.values()) {
      Path file = IdxDataset.require(dir, part);
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      key.add(List.of(file.toString(), a.size(), a.lastModifiedTime()));
    }
    IdxDataset.Shape cached = SCANS.get(key);
    if (cached != null) {
      return cached;
    }
    IdxDataset.Shape shape = IdxDataset.scan(dir);
    if (SCANS.size() >= KEEP) {
      SCANS.clear();
    }
    SCANS.put(key, shape);
    return shape;
  }
}
