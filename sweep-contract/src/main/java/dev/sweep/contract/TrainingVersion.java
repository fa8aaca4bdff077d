package dev.sweep.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a finished training run's results depend on besides its configuration: the training code and
 * the data. The API's result cache keys finished jobs by both, so a run is reused only when it
 * would train to the same numbers.
 */
public final class TrainingVersion {
  /**
   * The version of the worker's training code. <b>Bump it in any change that moves a reported
   * metric</b> (model layers, initialisation, updaters, data order, fusion, evaluation), even by
   * 1e-6: every cached result trained by an older version then stops being reused.
   */
  public static final String TRAINING_CODE = "2026-12-04.1";

  /**
   * SHA-256 over the SHA-256 values of the four decompressed Fashion-MNIST files (train images,
   * train labels, test images, test labels; lower-case hex joined by newlines). Workers refuse
   * files with other contents, so this is the checksum of every Fashion-MNIST a worker trains on.
   * An idx dataset's checksums are in its configuration ({@link DatasetSpec#sha256()}), so in the
   * training key this is combined with, and workers refuse copies that differ from them too.
   */
  public static final String FASHION_MNIST_SHA256 =
      "697249e9d1e87d6b2c6a738e828c890264cffecccb13840d472e3585751a5582";

  private TrainingVersion() {}

  /** The result-cache key of a job: its training key, the dataset checksum and the code version. */
  public static String cacheKey(String trainingKey) {
    return sha256(trainingKey + "\n" + FASHION_MNIST_SHA256 + "\n" + TRAINING_CODE);
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
