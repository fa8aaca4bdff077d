package dev.sweep.api.sweep;

import dev.sweep.api.web.ApiException;
import java.util.List;
import java.util.Locale;

/** The five statuses shared by sweeps, jobs and trials. */
final class Statuses {
  static final List<String> ALL = List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");
  static final List<String> TERMINAL = List.of("SUCCEEDED", "FAILED", "CANCELLED");

  private Statuses() {}

  /** A status filter from a query string (any case), or null when none is given. */
  static String filter(String given) {
    if (given == null || given.isBlank()) {
      return null;
    }
    String status = given.strip().toUpperCase(Locale.ROOT);
    if (!ALL.contains(status)) {
      throw ApiException.badRequest(
          "status", "unknown status '" + given + "'; use one of " + String.join(", ", ALL));
    }
    return status;
  }
}
