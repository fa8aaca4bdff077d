package dev.sweep.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zonky starts postgres through {@code pg_ctl}, which detaches it: if the API process is killed
 * with SIGKILL the postmaster outlives it and holds the data directory, and the next start would
 * fail. Zonky's own lock file tells an orphan from a server another live API still uses: the lock
 * dies with the JVM that held it.
 */
final class StalePostmaster {
  private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
  private static final String ZONKY_LOCK = "epg-lock";

  private StalePostmaster() {}

  static void stopIfOrphaned(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile) || !lockIsFree(dataDir.resolve(ZONKY_LOCK))) {
      return;
    }
    Optional<ProcessHandle> postmaster = postmaster(pidFile);
    if (postmaster.isEmpty()) {
      return; // a pid file from a crash; postgres itself cleans it up
    }
    ProcessHandle process = postmaster.get();
    log.warn("Stopping an orphaned PostgreSQL (pid {}) left on {}", process.pid(), dataDir);
    // SIGTERM is PostgreSQL's smart shutdown; an orphan has no clients left, so it exits promptly
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  private static boolean lockIsFree(Path lockFile) throws IOException {
    if (!Files.exists(lockFile)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held by this very JVM
    }
  }

  private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
  }
}
