package dev.sweep.contract;

import dev.sweep.contract.ConfigValidator.Problem;
import dev.sweep.contract.idx.IdxPart;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules between a dataset's fields: an idx dataset names its directory and carries the
 * checksums of its four files (a worker verifies its copy against them); Fashion-MNIST has its own
 * directory and checksums, so it takes neither.
 */
final class DatasetRules {
  private DatasetRules() {}

  static List<Problem> problems(DatasetSpec d) {
    List<Problem> problems = new ArrayList<>();
    if (!d.isIdx()) {
      if (d.dir() != null) {
        problems.add(new Problem("dataset.dir", "belongs to dataset name idx only", null));
      }
      if (d.sha256() != null) {
        problems.add(new Problem("dataset.sha256", "belongs to dataset name idx only", null));
      }
      return problems;
    }
    if (d.dir() == null || d.dir().isBlank()) {
      problems.add(
          new Problem(
              "dataset.dir", "is required for dataset idx: the directory of its four files", null));
    } else if (!absolute(d.dir())) {
      problems.add(
          new Problem(
              "dataset.dir",
              "must be an absolute path (the API and the workers resolve it on their machines)",
              d.dir()));
    }
    if (d.sha256() == null) {
      problems.add(
          new Problem(
              "dataset.sha256",
              "is required for dataset idx when the API cannot read dataset.dir: the SHA-256 of"
                  + " each file's decompressed contents, keyed "
                  + String.join(", ", IdxPart.baseNames()),
              null));
      return problems;
    }
    for (String key : d.sha256().keySet()) {
      if (!IdxPart.baseNames().contains(key)) {
        problems.add(
            new Problem(
                "dataset.sha256." + key,
                "is not one of the four files; use " + String.join(", ", IdxPart.baseNames()),
                null));
      }
    }
    for (String name : IdxPart.baseNames()) {
      if (d.sha256().get(name) == null) {
        problems.add(new Problem("dataset.sha256." + name, "is required", null));
      }
    }
    return problems;
  }

  private static boolean absolute(String dir) {
    try {
      return Path.of(dir).isAbsolute();
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
