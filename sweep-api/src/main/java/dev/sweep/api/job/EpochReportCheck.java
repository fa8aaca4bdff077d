package dev.sweep.api.job;

import dev.sweep.api.web.ApiException;
import dev.sweep.contract.EpochReport;

/**
 * The values of an epoch report a worker may send: finite losses, accuracies in [0, 1], and the
 * validation pair either both set or both null.
 */
final class EpochReportCheck {
  private EpochReportCheck() {}

  /** 400 naming the first bad field; the epoch number is the job's to check. */
  static void metrics(EpochReport report) {
    nonNegative("trainLoss", report.trainLoss());
    fraction("trainAccuracy", report.trainAccuracy());
    // a job without validation images (validation_size 0) measures neither; never one alone
    if ((report.valLoss() == null) != (report.valAccuracy() == null)) {
      String missing = report.valLoss() == null ? "valLoss" : "valAccuracy";
      throw ApiException.badRequest(
          missing,
          "valLoss and valAccuracy are both null (no validation images) or both set; "
              + missing
              + " is null");
    }
    if (report.valLoss() != null) {
      nonNegative("valLoss", report.valLoss());
      fraction("valAccuracy", report.valAccuracy());
    }
    nonNegative("seconds", report.seconds());
    nonNegative("samplesPerSecond", report.samplesPerSecond());
    if (report.test() != null) {
      nonNegative("test.loss", report.test().loss());
      fraction("test.accuracy", report.test().accuracy());
    }
  }

  private static void nonNegative(String field, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw ApiException.badRequest(field, field + " must be a finite number >= 0, was " + value);
    }
  }

  private static void fraction(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw ApiException.badRequest(field, field + " must be between 0 and 1, was " + value);
    }
  }
}
