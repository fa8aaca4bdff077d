package dev.sweep.api.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU seconds spent by this JVM and by the PostgreSQL backends serving this database. On a shared
 * machine wall-clock throughput says more about the neighbours than about the code; CPU per
 * operation does not, and {@code cores / cpuPerOp} projects what an idle machine would do (an upper
 * bound: it ignores fsync and lock waits). Linux with a local PostgreSQL only; elsewhere it reports
 * nothing.
 */
final class CpuMeter {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final JdbcTemplate jdbc;

  CpuMeter(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  double jvmSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /** CPU seconds of the PostgreSQL backends connected to this database, or NaN. */
  double backendSeconds() {
    try {
      List<Integer> pids =
          jdbc.queryForList(
              "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND backend_type = 'client backend'",
              Integer.class);
      double backends = 0;
      for (int pid : pids) {
        backends += backendSeconds(pid);
      }
      return backends;
    } catch (RuntimeException | IOException e) {
      return Double.NaN;
    }
  }

  private static double backendSeconds(int pid) throws IOException {
    Path stat = Path.of("/proc", String.valueOf(pid), "stat");
    if (!Files.exists(stat)) {
      return 0;
    }
    String text = Files.readString(stat);
    // fields after the parenthesised command name; utime and stime are fields 14 and 15
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
