package dev.sweep.api.sweep;

import dev.sweep.api.web.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Status filters from query strings, for sweeps, jobs and trials alike. */
final class Statuses {
  private Statuses() {}

  /** The status named by {@code given} (any case), or null when none is given. */
  static <E extends Enum<E>> E filter(Class<E> type, String given) {
    if (given == null || given.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, given.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "status",
          "unknown status '"
              + given
              + "'; use one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(Enum::name)
                  .collect(Collectors.joining(", ")));
    }
  }
}
