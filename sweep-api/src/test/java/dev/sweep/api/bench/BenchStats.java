package dev.sweep.api.bench;

import java.util.Arrays;

/** Percentiles of measured durations, printed as {@code BENCH ...} lines for bench/api.sh. */
final class BenchStats {
  private BenchStats() {}

  static double percentileMillis(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** The 1-minute load average, so a reader can tell a busy machine from a slow service. */
  static String load() {
    try {
      String avg =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
      return "load average " + avg + " on " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (java.io.IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  static void print(String line) {
    System.out.println("BENCH " + line);
    System.out.flush();
  }
}
